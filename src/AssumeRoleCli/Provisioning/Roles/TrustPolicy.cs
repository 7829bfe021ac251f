using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// Who may assume the role and on what conditions. <see cref="ExternalId"/> is a shared secret: it goes into the
/// trust policy sent to IAM and nowhere else (this record's text form leaves it out).
/// </summary>
/// <param name="Principals">IAM ARNs allowed to call sts:AssumeRole: the source account's root, or given users and roles.</param>
/// <param name="ExternalId">When set, AssumeRole must carry this external id (Condition StringEquals sts:ExternalId).</param>
/// <param name="RequireMfa">When true, AssumeRole must be made with MFA (Condition Bool aws:MultiFactorAuthPresent).</param>
public sealed record TrustSpec(IReadOnlyList<string> Principals, string? ExternalId = null, bool RequireMfa = false)
{
    /// <summary>The tutorial's trust: the whole source account (its root principal).</summary>
    public static TrustSpec ForAccount(string partition, string accountId) => new([TrustPolicy.RootPrincipal(partition, accountId)]);

    public bool RequiresExternalId => ExternalId is not null;

    /// <summary>
    /// The trust create-role asks for: the given users and roles of the source account, or, when none are given, the
    /// whole source account.
    /// </summary>
    /// <exception cref="CliException">A principal is not of the source account (a usage error).</exception>
    public static TrustSpec ForSource(string partition, string sourceAccountId, IReadOnlyList<string> trustedPrincipals, string? externalId, bool requireMfa)
    {
        foreach (var principal in trustedPrincipals)
        {
            var parts = principal.Split(':');
            if (parts.Length < 5 || parts[1] != partition || parts[4] != sourceAccountId)
            {
                throw CliException.Usage(
                    $"--trusted-principal {principal} is not in the source account {sourceAccountId} (partition {partition}); name users or roles of that account.");
            }
        }

        var principals = trustedPrincipals.Count > 0 ? trustedPrincipals : [TrustPolicy.RootPrincipal(partition, sourceAccountId)];
        return new TrustSpec(principals, externalId, requireMfa);
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Principals = [{string.Join(", ", Principals)}], ExternalId = {(ExternalId is null ? "null" : TrustPolicy.SensitiveValue)}, RequireMfa = {RequireMfa}");
        return true;
    }
}

/// <summary>
/// The role's trust policy: by default the source account's root principal may call sts:AssumeRole. The same
/// principals may also call sts:SetSourceIdentity and sts:TagSession, which AWS checks against the trust as well when
/// AssumeRole carries a SourceIdentity (--source-identity) or session tags; without them such an AssumeRole is refused.
/// </summary>
public static class TrustPolicy
{
    public const string AssumeRoleAction = "sts:AssumeRole";

    /// <summary>What AssumeRole may add to the session, allowed in a statement of their own (see <see cref="For"/>).</summary>
    public static readonly IReadOnlyList<string> SessionActions = ["sts:SetSourceIdentity", "sts:TagSession"];

    /// <summary>What a plan or any output shows instead of a secret, as Terraform does.</summary>
    public const string SensitiveValue = "(sensitive value)";

    public const string ExternalIdKey = "sts:ExternalId";
    public const string MfaPresentKey = "aws:MultiFactorAuthPresent";

    public static string RootPrincipal(string partition, string accountId) => $"arn:{partition}:iam::{accountId}:root";

    /// <summary>The same document the tutorial's <c>aws_iam_policy_document</c> produces, as compact JSON.</summary>
    public static string ForAccount(string partition, string sourceAccountId) => For(TrustSpec.ForAccount(partition, sourceAccountId));

    /// <summary>
    /// The trust policy for <paramref name="trust"/>, as compact JSON (principals sorted, so the text is stable). The
    /// session actions have a statement of their own, for the same principals and on the same terms except
    /// sts:ExternalId: AWS's service authorization reference gives that key to sts:AssumeRole only, so a request for
    /// sts:SetSourceIdentity may not carry it, and would fail the condition. Nothing is lost: those actions are only
    /// ever authorized within an AssumeRole, which the first statement (external id included) must allow.
    /// </summary>
    public static string For(TrustSpec trust)
    {
        var principals = trust.Principals.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("Version", "2012-10-17");
            json.WriteStartArray("Statement");
            Statement(json, principals, [AssumeRoleAction], trust.ExternalId, trust.RequireMfa);
            Statement(json, principals, SessionActions, externalId: null, trust.RequireMfa);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Statement(Utf8JsonWriter json, IReadOnlyList<string> principals, IReadOnlyList<string> actions, string? externalId, bool requireMfa)
    {
        json.WriteStartObject();
        json.WriteString("Effect", "Allow");
        json.WriteStartObject("Principal");
        PolicyDocument.WriteOneOrMany(json, "AWS", principals);
        json.WriteEndObject();
        PolicyDocument.WriteOneOrMany(json, "Action", actions);
        if (externalId is not null || requireMfa)
        {
            json.WriteStartObject("Condition");
            if (externalId is not null)
            {
                json.WriteStartObject("StringEquals");
                json.WriteString(ExternalIdKey, externalId);
                json.WriteEndObject();
            }

            if (requireMfa)
            {
                json.WriteStartObject("Bool");
                json.WriteString(MfaPresentKey, "true");
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// The document as it may be shown: every sts:ExternalId condition value replaced by <see cref="SensitiveValue"/>.
    /// A document that cannot be read is not shown at all, since it might hold one.
    /// </summary>
    public static string Redacted(string document)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(document);
        }
        catch (JsonException)
        {
            return SensitiveValue;
        }

        foreach (var statement in Statements(root))
        {
            if (statement["Condition"] is not JsonObject condition)
            {
                continue;
            }

            foreach (var (_, keys) in condition)
            {
                if (keys is not JsonObject values)
                {
                    continue;
                }

                // Condition keys are case-insensitive in IAM.
                foreach (var key in values.Select(k => k.Key).Where(k => k.Equals(ExternalIdKey, StringComparison.OrdinalIgnoreCase)).ToList())
                {
                    values[key] = SensitiveValue;
                }
            }
        }

        return root?.ToJsonString() ?? document;
    }

    /// <summary>True when both documents mean the same (see <see cref="PolicyDocument.AreEquivalent"/>).</summary>
    public static bool AreEquivalent(string left, string right) => PolicyDocument.AreEquivalent(left, right);

    /// <summary>
    /// Every principal the policy's Allow statements name (an account, an ARN, a service, or "*"), once each, in
    /// order; none when the document is not a policy.
    /// </summary>
    public static IReadOnlyList<string> Principals(string document)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(document);
        }
        catch (JsonException)
        {
            return [];
        }

        var statements = (root as JsonObject)?["Statement"] switch
        {
            JsonArray many => many.OfType<JsonObject>().ToList(),
            JsonObject one => [one],
            _ => [],
        };
        return statements
            .Where(s => s["Effect"] is JsonValue effect && effect.TryGetValue<string>(out var text) && text == "Allow")
            .SelectMany(s => s["Principal"] switch
            {
                JsonObject byType => byType.SelectMany(p => Strings(p.Value)),
                var any => Strings(any),
            })
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray many => many.SelectMany(Strings),
        JsonValue one when one.TryGetValue<string>(out var text) => [text],
        _ => [],
    };



    private static IEnumerable<JsonObject> Statements(JsonNode? root) => (root as JsonObject)?["Statement"] switch
    {
        JsonArray list => list.OfType<JsonObject>(),
        JsonObject single => [single],
        _ => [],
    };
}
