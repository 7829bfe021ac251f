using System.Text.Json;
using System.Text.Json.Nodes;

namespace AssumeRoleCli.Provisioning;

/// <summary>IAM policy documents compared by meaning, as IAM stores them back (reordered, arrays collapsed).</summary>
public static class PolicyDocument
{
    /// <summary>
    /// True when two policy documents mean the same: key order, white space, the order of array elements and
    /// one-element arrays written as scalars (IAM rewrites documents that way) do not count as differences.
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

    /// <summary>A policy element as IAM writes it: one value as a string, several as an array (Action, Resource, a condition's values).</summary>
    public static void WriteOneOrMany(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 1)
        {
            json.WriteString(name, values[0]);
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

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
