using System.Text;
using AssumeRoleCli.Provisioning;
using static AssumeRoleCli.Cli.PlanText;

namespace AssumeRoleCli.Cli;

/// <summary>
/// One attribute's value in a plan, as Terraform shows it: strings quoted, sets and maps one element a line, JSON
/// documents as <c>jsonencode(...)</c> diffed field by field. The first line continues the attribute's line.
/// </summary>
internal static class PlanValueText
{
    public static DiffMark MarkOf(PlanValue? before, PlanValue? after) =>
        before is null ? DiffMark.Create : after is null ? DiffMark.Delete : before.SameAs(after) ? DiffMark.None : DiffMark.Update;

    /// <param name="indent">The level of the attribute's line.</param>
    /// <param name="showUnchanged">Show unchanged parts too (identifying attributes are shown whole).</param>
    public static string Render(PlanValue? before, PlanValue? after, int indent, bool showUnchanged)
    {
        var mark = MarkOf(before, after);
        return (before ?? after, after ?? before) switch
        {
            (DocumentValue b, DocumentValue a) when b.Parsed() is not null && a.Parsed() is not null =>
                JsonEncode(before as DocumentValue, after as DocumentValue, mark, indent, showUnchanged),
            (SetValue, SetValue) => Set(before as SetValue, after as SetValue, mark, indent, showUnchanged),
            (MapValue, MapValue) => Map(before as MapValue, after as MapValue, mark, indent, showUnchanged),
            _ => Scalar(before, after, mark, nullSuffixOverridden: false),
        };
    }

    private static string JsonEncode(DocumentValue? before, DocumentValue? after, DiffMark mark, int indent, bool showUnchanged)
    {
        var diff = JsonDiff.Between(before?.Parsed(), after?.Parsed(), before is not null, after is not null);
        var rendered = diff.Render(indent + 1, showUnchanged, nullSuffixOverridden: false);

        // Inside jsonencode only the fields carry + and -; an update marks the document itself with ~.
        var symbol = mark is DiffMark.Create or DiffMark.Delete ? DiffMark.None : diff.Mark;
        return rendered.Contains('\n', StringComparison.Ordinal)
            ? $"jsonencode(\n{Line(indent + 1, symbol)}{rendered}\n{Indent(indent + 1)})"
            : $"jsonencode({rendered})";
    }

    private static string Set(SetValue? before, SetValue? after, DiffMark mark, int indent, bool showUnchanged)
    {
        var items = (before?.Items ?? []).Union(after?.Items ?? [], StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (items.Count == 0)
        {
            return "[]" + NullSuffix(mark, false);
        }

        var text = new StringBuilder("[\n");
        var hidden = 0;
        foreach (var item in items)
        {
            var (was, @is) = (before?.Items.Contains(item) == true, after?.Items.Contains(item) == true);
            var itemMark = was && @is ? DiffMark.None : @is ? DiffMark.Create : DiffMark.Delete;
            if (itemMark == DiffMark.None && !showUnchanged)
            {
                hidden++;
                continue;
            }

            text.Append(Line(indent + 1, itemMark)).Append(Quote(item)).Append(",\n");
        }

        AppendHidden(text, indent, "element", hidden);
        return text.Append(Line(indent, DiffMark.None)).Append(']').Append(NullSuffix(mark, false)).ToString();
    }

    private static string Map(MapValue? before, MapValue? after, DiffMark mark, int indent, bool showUnchanged)
    {
        var old = (before?.Entries ?? []).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var now = (after?.Entries ?? []).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var keys = old.Keys.Union(now.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            return "{}" + NullSuffix(mark, false);
        }

        var width = keys.Max(k => k.Length) + 2;
        var text = new StringBuilder("{\n");
        var hidden = 0;
        foreach (var key in keys)
        {
            var was = old.TryGetValue(key, out var oldValue) ? PlanValue.Text(oldValue) : null;
            var @is = now.TryGetValue(key, out var newValue) ? PlanValue.Text(newValue) : null;
            var entryMark = MarkOf(was, @is);
            if (entryMark == DiffMark.None && !showUnchanged)
            {
                hidden++;
                continue;
            }

            text.Append(Line(indent + 1, entryMark)).Append(Quote(key).PadRight(width)).Append(" = ")
                .Append(Scalar(was, @is, entryMark, nullSuffixOverridden: mark == DiffMark.Delete)).Append('\n');
        }

        AppendHidden(text, indent, "element", hidden);
        return text.Append(Line(indent, DiffMark.None)).Append('}').Append(NullSuffix(mark, false)).ToString();
    }

    private static string Scalar(PlanValue? before, PlanValue? after, DiffMark mark, bool nullSuffixOverridden) => mark switch
    {
        DiffMark.Create => OneLine(after),
        DiffMark.Delete => OneLine(before) + NullSuffix(mark, nullSuffixOverridden),
        DiffMark.Update => $"{OneLine(before)} {Arrow} {OneLine(after)}",
        _ => OneLine(before),
    };

    /// <summary>A value on one line: what strings always are, and the rare value that changes kind.</summary>
    private static string OneLine(PlanValue? value) => value switch
    {
        TextValue text => Quote(text.Value),
        DocumentValue document => document.Parsed() is { } parsed ? $"jsonencode({parsed.ToJsonString()})" : Quote(document.Json),
        SetValue set => $"[{string.Join(", ", set.Items.Select(Quote))}]",
        MapValue map => $"{{ {string.Join(", ", map.Entries.Select(e => $"{Quote(e.Key)} = {Quote(e.Value)}"))} }}",
        _ => KnownAfterApply,
    };

    private static void AppendHidden(StringBuilder text, int indent, string noun, int hidden)
    {
        if (hidden > 0)
        {
            text.Append(Line(indent + 1, DiffMark.None)).Append(Unchanged(noun, hidden)).Append('\n');
        }
    }
}
