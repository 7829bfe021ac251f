using System.Text.Json;
using System.Text.RegularExpressions;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>What an AssumeRole call brings to the trust policy: who calls, its ExternalId, whether MFA was given, and its SourceIdentity.</summary>
public sealed record AssumeRoleAttempt(CallerIdentity Caller, string? ExternalId, bool MultiFactorAuthPresent, string? SourceIdentity = null);

/// <summary>
/// Evaluates a role's trust policy for sts:AssumeRole as IAM does, for the parts the tests need: statements with
/// Effect Allow/Deny, Action (wildcards), Principal <c>"*"</c> or <c>{"AWS": ...}</c> given as an account id, an
/// account root ARN, a user ARN or a role ARN (matching that role's sessions), and Conditions StringEquals /
/// StringLike on <c>sts:ExternalId</c> and <c>sts:SourceIdentity</c> and Bool on <c>aws:MultiFactorAuthPresent</c>
/// (with ...IfExists). A missing key fails its condition (AWS sets aws:MultiFactorAuthPresent only when MFA was used);
/// anything else it does not understand fails too, so an unsupported policy denies rather than silently allows.
/// An AssumeRole with a SourceIdentity is also judged as sts:SetSourceIdentity, as AWS does: the trust must allow both.
/// </summary>
public static partial class TrustPolicy
{
    public static bool Allows(string policyJson, AssumeRoleAttempt attempt) => RefusedAction(policyJson, attempt) is null;

    /// <summary>The first action of the call the trust does not allow (sts:AssumeRole, or sts:SetSourceIdentity); null: allowed.</summary>
    public static string? RefusedAction(string policyJson, AssumeRoleAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        string[] actions = attempt.SourceIdentity is null ? ["sts:AssumeRole"] : ["sts:AssumeRole", "sts:SetSourceIdentity"];
        return actions.FirstOrDefault(action => !AllowsAction(policyJson, attempt, action));
    }

    private static bool AllowsAction(string policyJson, AssumeRoleAttempt attempt, string actionName)
    {
        using var policy = JsonDocument.Parse(policyJson);
        var allowed = false;
        foreach (var statement in Items(policy.RootElement.GetProperty("Statement")))
        {
            if (!Applies(statement, attempt, actionName))
            {
                continue;
            }

            var effect = statement.TryGetProperty("Effect", out var e) ? e.GetString() : null;
            if (effect == "Deny")
            {
                return false;
            }

            allowed |= effect == "Allow";
        }

        return allowed;
    }

    private static bool Applies(JsonElement statement, AssumeRoleAttempt attempt, string actionName) =>
        statement.TryGetProperty("Action", out var action)
        && Items(action).Any(a => Wildcard(a.GetString() ?? "", actionName, ignoreCase: true))
        && statement.TryGetProperty("Principal", out var principal)
        && PrincipalMatches(principal, attempt.Caller)
        && (!statement.TryGetProperty("Condition", out var condition) || TrustConditions.Hold(condition, attempt));

    private static bool PrincipalMatches(JsonElement principal, CallerIdentity caller)
    {
        if (principal.ValueKind == JsonValueKind.String)
        {
            return principal.GetString() == "*";
        }

        return principal.ValueKind == JsonValueKind.Object
            && principal.TryGetProperty("AWS", out var aws)
            && Items(aws).Any(p => AwsPrincipalMatches(p.GetString() ?? "", caller));
    }

    private static bool AwsPrincipalMatches(string principal, CallerIdentity caller)
    {
        if (principal == "*" || principal == caller.Arn)
        {
            return true;
        }

        if (AccountId().IsMatch(principal))
        {
            return principal == caller.Account;
        }

        var resource = AwsArn.Resource(principal);
        return AwsArn.Account(principal) == caller.Account && (resource == "root"
            || (resource.StartsWith("role/", StringComparison.Ordinal) && AwsArn.LastName(principal) == caller.RoleName));
    }

    internal static IEnumerable<JsonElement> Items(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [element];

    /// <summary>IAM's <c>*</c> and <c>?</c> wildcards; action names compare case-insensitively, StringLike does not.</summary>
    internal static bool Wildcard(string pattern, string value, bool ignoreCase) =>
        Regex.IsMatch(
            value,
            "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();
}
