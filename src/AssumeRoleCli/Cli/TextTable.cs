using System.Text;

namespace AssumeRoleCli.Cli;

/// <summary>
/// Rows under a header, each column as wide as its widest cell, two spaces apart; on a terminal too narrow for
/// that, one block per row instead (as gh and <c>terraform show</c> do): the row's first cell, then each other
/// column as an indented "name  value" line, long values wrapped to the width.
/// </summary>
public static class TextTable
{
    private const string Gap = "  ";
    private const string BlockIndent = "  ";

    /// <param name="width">The terminal's columns; null when not writing to a terminal (full width, one line per row).</param>
    public static string Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int? width = null)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, column) => all.Max(row => row[column].Length)).ToList();
        if (width is { } columns && widths.Sum() + (Gap.Length * (widths.Count - 1)) > columns)
        {
            return Blocks(header, all.Skip(1), columns);
        }

        var text = new StringBuilder();
        foreach (var row in all)
        {
            var line = string.Join(Gap, row.Select((cell, column) => cell.PadRight(widths[column])));
            text.Append(line.TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    private static string Blocks(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int width)
    {
        var names = header.Skip(1).Select(h => h.ToLowerInvariant()).ToList();
        var nameWidth = names.Max(n => n.Length);
        var valueIndent = new string(' ', BlockIndent.Length + nameWidth + Gap.Length);
        var valueWidth = Math.Max(20, width - valueIndent.Length);
        var text = new StringBuilder();
        var first = true;
        foreach (var row in rows)
        {
            if (!first)
            {
                text.Append('\n');
            }

            first = false;
            text.Append(row[0]).Append('\n');
            for (var column = 1; column < row.Count; column++)
            {
                var lines = Wrap(row[column], valueWidth);
                text.Append(BlockIndent).Append(names[column - 1].PadRight(nameWidth)).Append(Gap).Append(lines[0]).Append('\n');
                foreach (var more in lines.Skip(1))
                {
                    text.Append(valueIndent).Append(more).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Words (split at spaces, and after ", ") on lines of at most <paramref name="width"/>; a longer word stands alone.</summary>
    private static List<string> Wrap(string value, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in value.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        lines.Add(line.ToString());
        return lines;
    }
}
