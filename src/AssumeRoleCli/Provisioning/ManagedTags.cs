namespace AssumeRoleCli.Provisioning;

/// <summary>The tags that mark what this tool created; nothing without them is ever changed or deleted.</summary>
public static class ManagedTags
{
    public const string ManagedByKey = "ManagedBy";
    public const string ManagedByValue = "AssumeRoleCli";
    public const string RoleKey = "AssumeRoleCli:Role";

    public static bool IsOurs(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue(ManagedByKey, out var value) && value == ManagedByValue;

    /// <summary>Tags that tie an instance to the role it was launched through.</summary>
    public static Dictionary<string, string> ForInstance(string roleArn) => new(StringComparer.Ordinal)
    {
        [ManagedByKey] = ManagedByValue,
        [RoleKey] = roleArn,
    };
}
