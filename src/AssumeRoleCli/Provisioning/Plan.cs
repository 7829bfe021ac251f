namespace AssumeRoleCli.Provisioning;

/// <summary>What a change does to one resource; rendered as Terraform's +, ~ and - markers.</summary>
public enum ChangeAction
{
    Create,
    Update,
    Delete,
}

/// <summary>One attribute of a planned change. Before is null for a new value, After is null for a removed one.</summary>
public sealed record AttributeChange(string Name, string? Before, string? After)
{
    public static AttributeChange Added(string name, string value) => new(name, null, value);

    public static AttributeChange Removed(string name, string value) => new(name, value, null);

    public static AttributeChange Unchanged(string name, string value) => new(name, value, value);

    public bool IsChanged => !string.Equals(Before, After, StringComparison.Ordinal);
}

/// <summary>A change to one resource, e.g. <c>aws_iam_role.assume_role</c>.</summary>
public sealed record ResourceChange(
    ChangeAction Action,
    string ResourceType,
    string Name,
    IReadOnlyList<AttributeChange> Attributes)
{
    public string Address => $"{ResourceType}.{Name}";
}

/// <summary>
/// The plan as data: what would happen, computed from what exists before anything is changed. Rendering, the
/// prompt, JSON output and "no changes" all read this one record.
/// </summary>
public sealed record Plan(IReadOnlyList<ResourceChange> Changes)
{
    public static Plan Empty { get; } = new([]);

    public int ToAdd => Changes.Count(c => c.Action == ChangeAction.Create);

    public int ToChange => Changes.Count(c => c.Action == ChangeAction.Update);

    public int ToDestroy => Changes.Count(c => c.Action == ChangeAction.Delete);

    public bool IsEmpty => Changes.Count == 0;

    public string Summary => $"Plan: {ToAdd} to add, {ToChange} to change, {ToDestroy} to destroy.";

    /// <summary>What Terraform prints once the plan is applied.</summary>
    public string ApplyComplete => $"Apply complete! Resources: {ToAdd} added, {ToChange} changed, {ToDestroy} destroyed.";
}
