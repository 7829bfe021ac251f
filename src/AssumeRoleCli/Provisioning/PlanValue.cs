using System.Text.Json;
using System.Text.Json.Nodes;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// A value in a plan, kept as what it is (a string, a JSON document, a set of strings, a map, or a value not known
/// until apply) so Cli/ can render each the way Terraform does and --output json can emit it as data.
/// </summary>
public abstract record PlanValue
{
    public static PlanValue KnownAfterApply { get; } = new UnknownValue();

    public static PlanValue Text(string value) => new TextValue(value);

    /// <summary>A JSON document such as a policy: rendered as <c>jsonencode(...)</c>, diffed field by field.</summary>
    public static PlanValue Document(string json) => new DocumentValue(json);

    /// <summary>A set of strings (e.g. managed policy ARNs), kept sorted so the rendering is stable.</summary>
    public static PlanValue Set(IEnumerable<string> items) =>
        new SetValue(items.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());

    /// <summary>A map of strings (e.g. tags), kept sorted by key.</summary>
    public static PlanValue Map(IEnumerable<KeyValuePair<string, string>> entries) =>
        new MapValue(entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList());

    /// <summary>True when both values mean the same: documents compare as JSON, sets and maps by content.</summary>
    public abstract bool SameAs(PlanValue? other);
}

/// <summary>A plain string.</summary>
public sealed record TextValue(string Value) : PlanValue
{
    public override bool SameAs(PlanValue? other) => other is TextValue text && string.Equals(Value, text.Value, StringComparison.Ordinal);
}

/// <summary>A JSON document, as text.</summary>
public sealed record DocumentValue(string Json) : PlanValue
{
    /// <summary>The document parsed, or null when it is not JSON (it is then shown as a plain string).</summary>
    public JsonNode? Parsed()
    {
        try
        {
            return JsonNode.Parse(Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override bool SameAs(PlanValue? other) =>
        other is DocumentValue document
        && (string.Equals(Json, document.Json, StringComparison.Ordinal) || JsonNode.DeepEquals(Parsed(), document.Parsed()));
}

/// <summary>A set of strings, sorted.</summary>
public sealed record SetValue(IReadOnlyList<string> Items) : PlanValue
{
    public override bool SameAs(PlanValue? other) => other is SetValue set && Items.SequenceEqual(set.Items, StringComparer.Ordinal);
}

/// <summary>A map of strings, sorted by key.</summary>
public sealed record MapValue(IReadOnlyList<KeyValuePair<string, string>> Entries) : PlanValue
{
    public override bool SameAs(PlanValue? other) =>
        other is MapValue map
        && Entries.Count == map.Entries.Count
        && Entries.Zip(map.Entries).All(p => string.Equals(p.First.Key, p.Second.Key, StringComparison.Ordinal)
            && string.Equals(p.First.Value, p.Second.Value, StringComparison.Ordinal));
}

/// <summary>Known only once applied, like an instance id: Terraform's <c>(known after apply)</c>.</summary>
public sealed record UnknownValue : PlanValue
{
    public override bool SameAs(PlanValue? other) => false;
}
