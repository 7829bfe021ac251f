using System.Text.Json;
using System.Text.Json.Nodes;

namespace AssumeRoleCli.Cli;

/// <summary>
/// Two JSON documents compared field by field, the way Terraform shows a policy inside <c>jsonencode(...)</c>: objects
/// key by key (sorted), arrays element by element (equal elements matched as their longest common run, differing
/// objects side by side), anything else whole. Unchanged fields are counted, not shown, unless asked for.
/// </summary>
internal abstract partial record JsonDiff(DiffMark Mark)
{
    private static readonly Side Missing = new(null, false);

    /// <summary>The difference between two documents; a null side is a document that does not exist.</summary>
    public static JsonDiff Between(JsonNode? before, JsonNode? after, bool beforeExists, bool afterExists) =>
        Compare(new Side(before, beforeExists), new Side(after, afterExists));

    /// <summary>This value as plan lines: the first line continues the caller's, the last has no line break.</summary>
    public abstract string Render(int indent, bool showUnchanged, bool nullSuffixOverridden);

    private static JsonDiff Compare(Side before, Side after)
    {
        if (before.Exists && after.Exists && before.Kind != after.Kind)
        {
            return new TypeChange(Compare(before, Missing), Compare(Missing, after));
        }

        var whole = !before.Exists ? DiffMark.Create : !after.Exists ? DiffMark.Delete : DiffMark.None;
        DiffMark Overall(IEnumerable<JsonDiff> children) =>
            whole != DiffMark.None ? whole : children.Any(c => c.Mark != DiffMark.None) ? DiffMark.Update : DiffMark.None;

        switch (before.Exists ? before.Kind : after.Kind)
        {
            case JsonValueKind.Object:
                var (b, a) = (before.Node as JsonObject, after.Node as JsonObject);
                var members = (b?.Select(m => m.Key) ?? []).Union(a?.Select(m => m.Key) ?? [], StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .Select(key => KeyValuePair.Create(key, Compare(Child(b, key), Child(a, key))))
                    .ToList();
                return new ObjectDiff(Overall(members.Select(m => m.Value)), members);
            case JsonValueKind.Array:
                var elements = CompareElements((before.Node as JsonArray)?.ToList() ?? [], (after.Node as JsonArray)?.ToList() ?? []).ToList();
                return new ArrayDiff(Overall(elements), elements);
            default:
                var same = whole == DiffMark.None && JsonNode.DeepEquals(before.Node, after.Node);
                return new Leaf(whole != DiffMark.None ? whole : same ? DiffMark.None : DiffMark.Update, before.Node, after.Node);
        }
    }

    private static Side Child(JsonObject? parent, string key) =>
        parent is not null && parent.TryGetPropertyValue(key, out var value) ? new Side(value, true) : Missing;

    /// <summary>Terraform's pairing of list elements: the longest common run stays, objects differing in place are compared.</summary>
    private static IEnumerable<JsonDiff> CompareElements(List<JsonNode?> before, List<JsonNode?> after)
    {
        var common = LongestCommonRun(before, after);
        int b = 0, a = 0, c = 0;
        while (b < before.Count || a < after.Count || c < common.Count)
        {
            while (b < before.Count && (c >= common.Count || !JsonNode.DeepEquals(before[b], common[c])))
            {
                var pairedObjects = before[b] is JsonObject && a < after.Count && after[a] is JsonObject
                    && (c >= common.Count || !JsonNode.DeepEquals(after[a], common[c]));
                yield return pairedObjects ? Compare(new Side(before[b++], true), new Side(after[a++], true)) : Compare(new Side(before[b++], true), Missing);
            }

            while (a < after.Count && (c >= common.Count || !JsonNode.DeepEquals(after[a], common[c])))
            {
                yield return Compare(Missing, new Side(after[a++], true));
            }

            if (c < common.Count)
            {
                yield return Compare(new Side(before[b++], true), new Side(after[a++], true));
                c++;
            }
        }
    }

    private static List<JsonNode?> LongestCommonRun(List<JsonNode?> xs, List<JsonNode?> ys)
    {
        var lengths = new int[xs.Count + 1][];
        lengths[xs.Count] = new int[ys.Count + 1];
        for (var i = xs.Count - 1; i >= 0; i--)
        {
            lengths[i] = new int[ys.Count + 1];
            for (var j = ys.Count - 1; j >= 0; j--)
            {
                lengths[i][j] = JsonNode.DeepEquals(xs[i], ys[j]) ? lengths[i + 1][j + 1] + 1 : Math.Max(lengths[i + 1][j], lengths[i][j + 1]);
            }
        }

        var run = new List<JsonNode?>();
        for (int i = 0, j = 0; i < xs.Count && j < ys.Count;)
        {
            if (JsonNode.DeepEquals(xs[i], ys[j]))
            {
                run.Add(xs[i]);
                (i, j) = (i + 1, j + 1);
            }
            else if (lengths[i + 1][j] >= lengths[i][j + 1])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return run;
    }

    private readonly record struct Side(JsonNode? Node, bool Exists)
    {
        public JsonValueKind Kind => Node?.GetValueKind() ?? JsonValueKind.Null;
    }
}
