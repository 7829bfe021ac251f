using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The member accounts a command acts in (--destination-accounts): the ids given, or every member of the organization
/// (<see cref="All"/>, resolved through Organizations ListAccounts with the destination profile). Ids are strings:
/// account ids may start with 0.
/// </summary>
public sealed record AccountSelection
{
    public const string AllKeyword = "all";

    private AccountSelection(bool all, IReadOnlyList<string> ids)
    {
        All = all;
        Ids = ids;
    }

    /// <summary>Every ACTIVE member account of the organization but the management account and the source's own.</summary>
    public bool All { get; }

    /// <summary>The accounts given, in the order given, each once; empty for <see cref="All"/>.</summary>
    public IReadOnlyList<string> Ids { get; }

    public static AccountSelection Everyone { get; } = new(true, []);

    public static AccountSelection Of(IEnumerable<string> ids) => new(false, ids.Distinct(StringComparer.Ordinal).ToList());

    /// <summary>
    /// Accounts not listed one by one by the user (<c>all</c>, the state file's, the destination profiles'): each once,
    /// by id in ordinal order (ids are strings and may start with 0), so every command, plan and result lists them the
    /// same way whatever order they were found or recorded in. Ids given keep the order given (<see cref="Ids"/>).
    /// </summary>
    public static IReadOnlyList<string> ById(IEnumerable<string> accounts) => [.. accounts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Parses <c>all</c> or a comma-separated list of 12-digit ids (repeats allowed, kept once); null and the problem
    /// when the text is neither.
    /// </summary>
    public static (AccountSelection? Selection, string Problem) Parse(string text)
    {
        var trimmed = text.Trim();
        if (string.Equals(trimmed, AllKeyword, StringComparison.OrdinalIgnoreCase))
        {
            return (Everyone, "");
        }

        var ids = trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length == 0)
        {
            return (null, "names no account: give 12-digit account ids separated by commas, or 'all'");
        }

        return ids.FirstOrDefault(id => !AwsNames.IsValidAccountId(id)) is { } bad
            ? (null, $"has '{bad}', which is not an AWS account id (12 digits); give ids separated by commas, or 'all'")
            : (Of(ids), "");
    }

    public override string ToString() => All ? AllKeyword : string.Join(",", Ids);
}

/// <summary>
/// How a command fans out over member accounts: which ones (null: none, the single destination profile as before),
/// the role reached in each from the destination profile (Organizations' OrganizationAccountAccessRole by default,
/// Control Tower's AWSControlTowerExecution works the same), how many accounts at once, and whether the first
/// failed account stops the ones not yet started.
/// </summary>
public sealed record FanOutSettings(AccountSelection? Accounts, string DestinationRole, int Parallel, bool FailFast)
{
    public const string DefaultDestinationRole = "OrganizationAccountAccessRole";
    public const int DefaultParallel = 20;
    public const int MaxParallel = 100;

    /// <summary>No --destination-accounts: one destination, the destination profile's account.</summary>
    public static FanOutSettings None { get; } = new(null, DefaultDestinationRole, DefaultParallel, FailFast: false);

    public bool IsFanOut => Accounts is not null;

    /// <summary>True for <c>all</c>: the organization's accounts without the source's own, which only the source can say.</summary>
    public bool NeedsTheSource => Accounts is { All: true };

    /// <summary>
    /// These settings, or when no account was named, how the state file says its roles (<paramref name="only"/>: that
    /// one) were reached (<see cref="RecordedFor"/>), with this run's --parallel and --fail-fast.
    /// </summary>
    public FanOutSettings OrRecorded(State.StateDocument state, RoleArn? only)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (IsFanOut)
        {
            return this;
        }

        IReadOnlyCollection<RoleArn> roles = only is null ? state.RecordedRoles().Select(r => r.Arn).ToList() : [only];
        return RecordedFor(state, roles) is { } recorded ? recorded with { Parallel = Parallel, FailFast = FailFast } : this;
    }

    /// <summary>
    /// How the state file says <paramref name="roles"/> were reached, for a command not told (status, teardown after
    /// <c>create-role --destination-accounts</c>): their accounts through the one destination role they were all
    /// made through; null when any was made by the destination profile itself, or through another role.
    /// </summary>
    public static FanOutSettings? RecordedFor(State.StateDocument state, IReadOnlyCollection<RoleArn> roles)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(roles);
        var through = roles.Select(r => state.RoleOf(r)?.DestinationRole).Distinct(StringComparer.Ordinal).ToList();
        return roles.Count > 0 && through is [{ } role]
            ? new FanOutSettings(AccountSelection.Of(AccountSelection.ById(roles.Select(r => r.AccountId))), role, DefaultParallel, FailFast: false)
            : null;
    }
}
