using System.Text;
using AssumeRoleCli.Aws.Calls;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>One account of status across many: what was read there, or (<see cref="Error"/>) why it could not be, in one line.</summary>
public sealed record AccountStatus(
    string Account, string? Error, IReadOnlyList<RoleReport> Roles, IReadOnlyList<InstanceReport> Instances, IReadOnlyList<DriftReport> Drift);

/// <summary>status across many accounts: one entry per account, in the order of the accounts.</summary>
public sealed record AccountsStatusReport(IReadOnlyList<AccountStatus> Accounts)
{
    /// <summary>True when some account could not be read: status then exits non-zero, as it does when its one account cannot be.</summary>
    public bool AnyUnreadable => Accounts.Any(a => a.Error is not null);

    /// <summary>The accounts' reports, a failure said as its error line would be for a single account.</summary>
    public static AccountsStatusReport From(IReadOnlyList<AccountOutcome<StatusReport>> outcomes, AwsCallLog calls)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var results = AccountResults.From(outcomes, _ => (null, "read"), _ => null, calls);
        return new(outcomes.Zip(results, (o, r) => o.Value is { } report
            ? new AccountStatus(o.Account, null, report.Roles, report.Instances, report.Drift)
            : new AccountStatus(o.Account, r.Error, [], [], [])).ToList());
    }
}

/// <summary>status as text: aligned tables of the roles, the instances and the drift.</summary>
public static class StatusText
{
    private const string None = "-";

    /// <param name="width">The terminal's columns: tables wider than that become blocks; null (not a terminal): full width.</param>
    public static string Render(StatusReport report, int? width = null)
    {
        // A role IAM no longer has gets no row, as Terraform drops a deleted object: Drift says it is missing.
        var shown = Shown(report.Roles);
        var gone = report.Roles.Where(r => r.Exists == false).Select(r => r.RoleArn).ToList();
        var text = new StringBuilder("Roles:\n\n");

        // The EXPIRES column only when something has an expiry (--ttl), as ROLE only with several roles.
        var roleExpiries = shown.Any(r => r.ExpiresAt is not null);
        text.Append(shown.Count == 0 && gone.Count == 0 ? "No roles.\n"
            : shown.Count == 0
            ? $"No roles: IAM has no {string.Join(", ", gone)}.\n"
            : TextTable.Render(
            ["ROLE", "EXISTS", "ASSUMABLE", "RECORDED", "MAX SESSION", "LAST USED", "TRUSTS", "POLICIES", "TAGS", .. roleExpiries ? ["EXPIRES"] : Array.Empty<string>()],
            shown.Select(r => (IReadOnlyList<string>)
            [
                r.RoleArn,
                r.Exists switch { true => "yes", false => "no", null => "unknown" },
                YesNo(r.Assumable),
                YesNo(r.Recorded),
                r.MaxSessionDuration is { } seconds ? $"{seconds}s" : None,
                LastUsed(r),
                List(r.TrustPrincipals),
                List(r.Policies),
                List(r.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")),
                .. roleExpiries ? [Expires(r.ExpiresAt, r.Expired)] : Array.Empty<string>(),
            ]), width));
        foreach (var role in shown.Where(r => r.ExistsUnknownBecause is not null))
        {
            text.Append($"\nExists unknown: {role.ExistsUnknownBecause}.\n");
        }

        foreach (var role in shown.Where(r => r.NotAssumableBecause is not null))
        {
            text.Append($"\nNot assumable: {role.NotAssumableBecause}.\n");
        }

        // With several roles, each instance says whose it is.
        var manyRoles = report.Roles.Count > 1;
        List<string> header = ["ADDRESS", "ID", "STATE", "TYPE", "AMI", "REGION", "LAUNCHED", "PRIVATE IP", "PUBLIC IP", "ACCOUNT"];
        if (manyRoles)
        {
            header.Add("ROLE");
        }

        var instanceExpiries = report.Instances.Any(i => i.ExpiresAt is not null);
        if (instanceExpiries)
        {
            header.Add("EXPIRES");
        }

        text.Append("\nInstances:\n\n");
        text.Append(report.Instances.Count == 0
            ? "No instances of ours are running or stopped.\n"
            : TextTable.Render(header, report.Instances.Select(i =>
            {
                List<string> row = [i.Address, i.Id, i.State, i.Type, i.Ami, i.Region, i.LaunchTime ?? None, i.PrivateIp ?? None, i.PublicIp ?? None, i.Account];
                if (manyRoles)
                {
                    row.Add(i.RoleArn);
                }

                if (instanceExpiries)
                {
                    row.Add(Expires(i.ExpiresAt, i.Expired));
                }

                return (IReadOnlyList<string>)row;
            }), width));

        text.Append("\nDrift:\n\n");
        text.Append(report.Drift.Count == 0
            ? "None: AWS matches the state file.\n"
            : TextTable.Render(["KIND", "RESOURCE", "DETAIL"], report.Drift.Select(d => (IReadOnlyList<string>)[d.Kind, d.Resource, d.Detail]), width));
        return text.ToString().ReplaceLineEndings();
    }

    /// <summary><c>2026-12-06T18:00:00Z</c>, <c>expired 2026-12-06T18:00:00Z</c> once past it, or a dash.</summary>
    private static string Expires(string? at, bool expired) => at is null ? None : expired ? $"expired {at}" : at;

    /// <summary>
    /// status across accounts: a table of the accounts (what was found in each, or that it could not be read, with the
    /// reason below), then the roles, instances and drift of them all, as for one account, addressed per account.
    /// </summary>
    public static string Render(AccountsStatusReport report, int? width = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder("Accounts:\n\n");
        text.Append(TextTable.Render(
            ["ACCOUNT", "READ", "ROLES", "ASSUMABLE", "INSTANCES", "DRIFT"],
            report.Accounts.Select(a => (IReadOnlyList<string>)(a.Error is not null
                ? [a.Account, "failed", None, None, None, None]
                : [a.Account, "yes", Count(Shown(a.Roles).Count), Assumable(Shown(a.Roles)), Count(a.Instances.Count), Count(a.Drift.Count)])),
            width));
        foreach (var failed in report.Accounts.Where(a => a.Error is not null))
        {
            text.Append($"\nAccount {failed.Account} could not be read: {failed.Error}\n");
        }

        var read = report.Accounts.Where(a => a.Error is null).ToList();
        text.Append('\n').Append(Render(
            new StatusReport(read.SelectMany(a => a.Roles).ToList(), read.SelectMany(a => a.Instances).ToList(), read.SelectMany(a => a.Drift).ToList()), width));
        return text.ToString().ReplaceLineEndings();
    }

    /// <summary>The roles that get a row: not one IAM no longer has (Drift says it is missing; JSON keeps it, <c>"exists": false</c>).</summary>
    private static List<RoleReport> Shown(IEnumerable<RoleReport> roles) => roles.Where(r => r.Exists != false).ToList();

    /// <summary>An account's ASSUMABLE: <c>1 of 2</c> of the roles shown, or a dash when it shows none (nothing to count).</summary>
    private static string Assumable(List<RoleReport> shown) => shown.Count == 0 ? None : $"{shown.Count(r => r.Assumable)} of {shown.Count}";

    private static string Count(int count) => count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>IAM's RoleLastUsed: when, and where if it says; "-" when it has no use in its 400-day tracking period.</summary>
    private static string LastUsed(RoleReport role) => (role.LastUsed, role.LastUsedRegion) switch
    {
        ({ } at, { } region) => $"{at} ({region})",
        ({ } at, null) => at,
        _ => None,
    };

    private static string List(IEnumerable<string> values) => string.Join(", ", values) is { Length: > 0 } joined ? joined : None;
}
