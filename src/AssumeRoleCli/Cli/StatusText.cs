using System.Text;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>status as text: aligned tables of the roles, the instances and the drift.</summary>
public static class StatusText
{
    private const string None = "-";

    /// <param name="width">The terminal's columns: tables wider than that become blocks; null (not a terminal): full width.</param>
    public static string Render(StatusReport report, int? width = null)
    {
        // A role IAM no longer has gets no row, as Terraform drops a deleted object: Drift says it is missing.
        var shown = report.Roles.Where(r => r.Exists != false).ToList();
        var gone = report.Roles.Where(r => r.Exists == false).Select(r => r.RoleArn).ToList();
        var text = new StringBuilder("Roles:\n\n");

        // The EXPIRES column only when something has an expiry (--ttl), as ROLE only with several roles.
        var roleExpiries = shown.Any(r => r.ExpiresAt is not null);
        text.Append(shown.Count == 0
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
