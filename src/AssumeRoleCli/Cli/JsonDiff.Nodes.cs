using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static AssumeRoleCli.Cli.PlanText;

namespace AssumeRoleCli.Cli;

/// <summary>The kinds of JSON difference, each rendering itself in Terraform's layout.</summary>
internal abstract partial record JsonDiff
{
    private sealed record Leaf(DiffMark Mark, JsonNode? Before, JsonNode? After) : JsonDiff(Mark)
    {
        public override string Render(int indent, bool showUnchanged, bool nullSuffixOverridden) => Mark switch
        {
            DiffMark.Create => Literal(After),
            DiffMark.Delete => Literal(Before) + NullSuffix(Mark, nullSuffixOverridden),
            DiffMark.Update => $"{Literal(Before)} {Arrow} {Literal(After)}",
            _ => Literal(Before),
        };

        private static string Literal(JsonNode? value) =>
            value is null ? "null" : value.GetValueKind() == JsonValueKind.String ? Quote(value.GetValue<string>()) : value.ToJsonString();
    }

    private sealed record TypeChange(JsonDiff Before, JsonDiff After) : JsonDiff(DiffMark.Update)
    {
        public override string Render(int indent, bool showUnchanged, bool nullSuffixOverridden) =>
            $"{Before.Render(indent, showUnchanged, true)} {Arrow} {After.Render(indent, showUnchanged, true)}";
    }

    private sealed record ObjectDiff(DiffMark Mark, IReadOnlyList<KeyValuePair<string, JsonDiff>> Members) : JsonDiff(Mark)
    {
        public override string Render(int indent, bool showUnchanged, bool nullSuffixOverridden)
        {
            if (Members.Count == 0)
            {
                return "{}" + NullSuffix(Mark, nullSuffixOverridden);
            }

            var width = Members.Max(m => Key(m.Key).Length);
            var text = new StringBuilder("{\n");
            var hidden = 0;
            foreach (var (key, child) in Members)
            {
                var shown = showUnchanged || IsIdentifying(key);
                if (child.Mark == DiffMark.None && !shown)
                {
                    hidden++;
                    continue;
                }

                text.Append(Line(indent + 1, child.Mark)).Append(Key(key).PadRight(width)).Append(" = ")
                    .Append(child.Render(indent + 1, shown, true)).Append('\n');
            }

            if (hidden > 0)
            {
                text.Append(Line(indent + 1, DiffMark.None)).Append(Unchanged("attribute", hidden)).Append('\n');
            }

            return text.Append(Line(indent, DiffMark.None)).Append('}').Append(NullSuffix(Mark, nullSuffixOverridden)).ToString();
        }
    }

    /// <summary>Terraform's list: changed elements, with the unchanged one just before and after each change for context.</summary>
    private sealed record ArrayDiff(DiffMark Mark, IReadOnlyList<JsonDiff> Elements) : JsonDiff(Mark)
    {
        public override string Render(int indent, bool showUnchanged, bool nullSuffixOverridden)
        {
            if (Elements.Count == 0)
            {
                return "[]" + NullSuffix(Mark, nullSuffixOverridden);
            }

            var text = new StringBuilder("[\n");
            var skipped = new List<JsonDiff>();
            var showNext = false;
            void Element(JsonDiff element, bool full) =>
                text.Append(Line(indent + 1, element.Mark)).Append(element.Render(indent + 1, full, true)).Append(",\n");
            void Hidden(int count) => text.Append(Line(indent + 1, DiffMark.None)).Append(Unchanged("element", count)).Append('\n');

            foreach (var element in Elements)
            {
                if (element.Mark == DiffMark.None && !showNext && !showUnchanged)
                {
                    skipped.Add(element);
                    continue;
                }

                if (skipped.Count > 1)
                {
                    Hidden(skipped.Count - 1);
                }

                if (skipped.Count > 0)
                {
                    Element(skipped[^1], true);
                }

                skipped.Clear();
                showNext = element.Mark != DiffMark.None;
                Element(element, showUnchanged || element.Mark == DiffMark.None);
            }

            if (skipped.Count > 0)
            {
                Hidden(skipped.Count);
            }

            return text.Append(Line(indent, DiffMark.None)).Append(']').Append(NullSuffix(Mark, nullSuffixOverridden)).ToString();
        }
    }
}
