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

    /// <summary>When it expires (<c>--ttl</c>): UTC, ISO 8601, see <see cref="Expiry"/>.</summary>
    public const string ExpiresAtKey = "AssumeRoleCli:ExpiresAt";

    /// <summary>The prefix of every tag key this tool sets besides <see cref="ManagedByKey"/>.</summary>
    public const string ReservedPrefix = "AssumeRoleCli:";

    /// <summary>Keys a user's --tag may not set: they decide what teardown may destroy.</summary>
    public static bool IsReserved(string key) =>
        key == ManagedByKey
        || key.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with a --tag KEY=VALUE, or null when nothing is.</summary>
    public static string? ProblemWithUserTag(string tag)
    {
        var equals = tag.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return "is not KEY=VALUE";
        }

        var (key, value) = (tag[..equals], tag[(equals + 1)..]);
        return key.Length > 128 || value.Length > 256 ? "is too long: keys are at most 128 characters, values 256"
            : IsReserved(key) ? $"uses a reserved key: {ManagedByKey}, {ReservedPrefix}* and aws:* mark what AssumeRoleCli created"
            : null;
    }

    /// <summary>Validated --tag values as a dictionary (the last of a repeated key wins).</summary>
    public static Dictionary<string, string> ParseUserTags(IEnumerable<string> tags)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            var equals = tag.IndexOf('=', StringComparison.Ordinal);
            parsed[tag[..equals]] = tag[(equals + 1)..];
        }

        return parsed;
    }

    public static bool IsOurs(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue(ManagedByKey, out var value) && value == ManagedByValue;

    /// <summary>Tags that tie an instance to the role it was launched through.</summary>
    public static Dictionary<string, string> ForInstance(string roleArn) => new(StringComparer.Ordinal)
    {
        [ManagedByKey] = ManagedByValue,
        [RoleKey] = roleArn,
    };
}
