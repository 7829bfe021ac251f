using System.Text.Json;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>The Condition block of a trust policy statement: every operator and every key in it must hold.</summary>
internal static class TrustConditions
{
    private const string IfExists = "IfExists";

    public static bool Hold(JsonElement condition, AssumeRoleAttempt attempt) =>
        condition.ValueKind == JsonValueKind.Object
        && condition.EnumerateObject().All(op => op.Value.ValueKind == JsonValueKind.Object
            && op.Value.EnumerateObject().All(key => Holds(op.Name, key.Name, key.Value, attempt)));

    private static bool Holds(string operatorName, string key, JsonElement expected, AssumeRoleAttempt attempt)
    {
        var ifExists = operatorName.EndsWith(IfExists, StringComparison.Ordinal);
        var op = ifExists ? operatorName[..^IfExists.Length] : operatorName;
        var actual = ContextValue(key, attempt);
        if (actual is null)
        {
            return ifExists;
        }

        var values = TrustPolicy.Items(expected).Select(Text).ToList();
        return op switch
        {
            "StringEquals" => values.Contains(actual, StringComparer.Ordinal),
            "StringLike" => values.Any(v => TrustPolicy.Wildcard(v, actual, ignoreCase: false)),
            "Bool" => values.Contains(actual, StringComparer.OrdinalIgnoreCase),
            _ => false,
        };
    }

    /// <summary>The request context keys an AssumeRole call carries, or null when the key is absent.</summary>
    private static string? ContextValue(string key, AssumeRoleAttempt attempt) => key.ToUpperInvariant() switch
    {
        "STS:EXTERNALID" => attempt.ExternalId,
        "STS:SOURCEIDENTITY" => attempt.SourceIdentity,
        "AWS:MULTIFACTORAUTHPRESENT" => attempt.MultiFactorAuthPresent ? "true" : null,
        _ => null,
    };

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.ToString(),
    };
}
