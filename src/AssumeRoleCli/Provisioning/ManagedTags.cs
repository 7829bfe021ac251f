namespace AssumeRoleCli.Provisioning;

/// <summary>The tags that mark what this tool created; nothing without them is ever changed or deleted.</summary>
public static class ManagedTags
{
    public const string ManagedByKey = "ManagedBy";
    public const string ManagedByValue = "AssumeRoleCli";
    public const string RoleKey = "AssumeRoleCli:Role";

    /// <summary>
    /// The launch's client token, also kept as a tag: EC2 honours ClientToken itself, but finding a crashed launch's
    /// instances by tag works everywhere (emulators included) and costs one describe.
    /// </summary>
    public const string ClientTokenKey = "AssumeRoleCli:ClientToken";

    /// <summary>Keys a user's --tag may not set: they decide what teardown may destroy.</summary>
    public static bool IsReserved(string key) =>
        key is ManagedByKey or RoleKey or ClientTokenKey || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase);

    public static bool IsOurs(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue(ManagedByKey, out var value) && value == ManagedByValue;

    /// <summary>Tags that tie an instance to the role it was launched through.</summary>
    public static Dictionary<string, string> ForInstance(string roleArn) => new(StringComparer.Ordinal)
    {
        [ManagedByKey] = ManagedByValue,
        [RoleKey] = roleArn,
    };
}
