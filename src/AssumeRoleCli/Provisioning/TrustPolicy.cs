using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AssumeRoleCli.Provisioning;

/// <summary>The role's trust policy: the source account's root principal may call sts:AssumeRole.</summary>
public static class TrustPolicy
{
    public static string RootPrincipal(string partition, string accountId) => $"arn:{partition}:iam::{accountId}:root";

    /// <summary>The same document the tutorial's <c>aws_iam_policy_document</c> produces, as compact JSON.</summary>
    public static string ForAccount(string partition, string sourceAccountId)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Version", "2012-10-17");
            json.WriteStartArray("Statement");
            json.WriteStartObject();
            json.WriteString("Effect", "Allow");
            json.WriteStartObject("Principal");
            json.WriteString("AWS", RootPrincipal(partition, sourceAccountId));
            json.WriteEndObject();
            json.WriteString("Action", "sts:AssumeRole");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// True when two policy documents mean the same: key order, white space and one-element arrays written as
    /// scalars (IAM rewrites documents that way) do not count as differences.
    /// </summary>
    public static bool AreEquivalent(string left, string right)
    {
        try
        {
            return string.Equals(Canonical(left), Canonical(right), StringComparison.Ordinal);
        }
        catch (JsonException)
        {
            return string.Equals(left, right, StringComparison.Ordinal);
        }
    }

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

    private static string Canonical(string document) => Normalize(JsonNode.Parse(document))?.ToJsonString() ?? "null";

    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
        JsonArray { Count: 1 } single => Normalize(single[0]),
        JsonArray array => new JsonArray(array
            .Select(Normalize)
            .OrderBy(n => n?.ToJsonString(), StringComparer.Ordinal)
            .ToArray()),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };
}
