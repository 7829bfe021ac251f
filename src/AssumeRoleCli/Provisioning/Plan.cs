namespace AssumeRoleCli.Provisioning;

/// <summary>What a change does to one resource; rendered as Terraform's +, ~ and - markers.</summary>
public enum ChangeAction
{
    Create,
    Update,
    Delete,
}

/// <summary>One attribute of a planned change. Before is null for a new value, After is null for a removed one.</summary>
public sealed record AttributeChange(string Name, PlanValue? Before, PlanValue? After)
{
    public static AttributeChange Added(string name, PlanValue value) => new(name, null, value);

    public static AttributeChange Removed(string name, PlanValue value) => new(name, value, null);

    public static AttributeChange Unchanged(string name, PlanValue value) => new(name, value, value);

    public bool IsChanged => Before is null || After is null || !Before.SameAs(After);
}

/// <summary>
/// A change to one resource. Its <see cref="Address"/> (<c>aws_iam_role.assume_role</c>, <c>aws_instance.this[0]</c>)
/// is the one name the resource has in the plan, in the progress lines and in status.
/// </summary>
public sealed record ResourceChange(
    ChangeAction Action,
    string ResourceType,
    string Name,
    IReadOnlyList<AttributeChange> Attributes,
    int? Index = null)
{
    /// <summary>The attributes; after a delete nothing is left, so each one's After is null whatever was passed (as in Terraform's plan).</summary>
    public IReadOnlyList<AttributeChange> Attributes { get; init; } =
        Action == ChangeAction.Delete ? Attributes.Select(a => a with { After = null }).ToList() : Attributes;

    /// <summary>Why the action, when it is not plain from the command (Terraform's "(because index [1] is out of range for count)").</summary>
    public string? Because { get; init; }

    /// <summary>The module instance the resource belongs to when more than one role is in play (<see cref="ResourceModule"/>); null: none.</summary>
    public string? Module { get; init; }

    public string Address => ResourceModule.Prefix(Module, AddressOf(ResourceType, Name, Index));

    /// <summary>Terraform's resource address: <c>type.name</c>, with <c>[index]</c> for one of a counted resource.</summary>
    public static string AddressOf(string resourceType, string name, int? index = null) =>
        index is { } n ? $"{resourceType}.{name}[{n}]" : $"{resourceType}.{name}";
}

/// <summary>
/// The plan as data: what would happen, computed from what exists before anything is changed. Rendering, the
/// prompt, JSON output and "no changes" all read this one record. <see cref="IsDestroy"/> marks teardown's plan,
/// whose "no changes" reads differently.
/// </summary>
public sealed record Plan(IReadOnlyList<ResourceChange> Changes)
{
    public static Plan Empty { get; } = new([]);

    public bool IsDestroy { get; init; }

    /// <summary>What the plan leaves as it is and why, one line each (e.g. teardown --expired keeping what has not expired).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Where the plan acts (set by the command, which knows the profiles); every rendered plan names it.</summary>
    public PlanTarget? Target { get; init; }

    public int ToAdd => Changes.Count(c => c.Action == ChangeAction.Create);

    public int ToChange => Changes.Count(c => c.Action == ChangeAction.Update);

    public int ToDestroy => Changes.Count(c => c.Action == ChangeAction.Delete);

    public bool IsEmpty => Changes.Count == 0;

    public string Summary => $"Plan: {ToAdd} to add, {ToChange} to change, {ToDestroy} to destroy.";

    /// <summary>What Terraform prints once the plan is applied.</summary>
    public string ApplyComplete => $"Apply complete! Resources: {ToAdd} added, {ToChange} changed, {ToDestroy} destroyed.";
}

/// <summary>
/// Where a plan acts, said at its top so that nobody applies it to the wrong account or region: the destination
/// account(s), the destination profile that changes them (null when none does: launch-instance acts only through the
/// assumed role), the source that assumes the role (null when the command assumes none), and the region.
/// </summary>
/// <param name="AssumedWith">How the source was chosen: <c>profile 'source'</c>, <c>credentials from the environment</c>.</param>
public sealed record PlanTarget(IReadOnlyList<string> Accounts, string Region, string? Profile, string? AssumedWith = null)
{
    /// <summary><c>Target: account 222222222222 (profile 'destination'), region us-east-1.</c></summary>
    public string Describe()
    {
        var accounts = Accounts.Count == 0 ? "no account yet" : $"account{(Accounts.Count == 1 ? "" : "s")} {string.Join(", ", Accounts)}";
        var how = new List<string>();
        if (Profile is not null)
        {
            how.Add($"profile '{Profile}'");
        }

        if (AssumedWith is not null)
        {
            how.Add($"{(Profile is null ? "" : "instances ")}through the role, assumed with {AssumedWith}");
        }

        return $"Target: {accounts}{(how.Count == 0 ? "" : $" ({string.Join("; ", how)})")}, region {Region}.";
    }
}
