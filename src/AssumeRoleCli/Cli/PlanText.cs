using System.Globalization;
using System.Text;

namespace AssumeRoleCli.Cli;

/// <summary>What one line of a plan does to its value: Terraform's +, ~, - and (nothing).</summary>
internal enum DiffMark
{
    None,
    Create,
    Update,
    Delete,
}

/// <summary>
/// The pieces every line of a plan is made of, in Terraform's layout: four spaces per level, a three-character
/// symbol, "-> null" for what goes away, "# (N unchanged ... hidden)". Every symbol and note of a rendered plan comes
/// from here, so colour can be added in this one place.
/// </summary>
internal static class PlanText
{
    public const string Arrow = "->";

    public static string Indent(int level) => new(' ', 4 * level);

    public static string Symbol(DiffMark mark) => mark switch
    {
        DiffMark.Create => "  +",
        DiffMark.Update => "  ~",
        DiffMark.Delete => "  -",
        _ => "   ",
    };

    /// <summary>The start of a line at <paramref name="level"/>: indent, symbol, space.</summary>
    public static string Line(int level, DiffMark mark) => $"{Indent(level)}{Symbol(mark)} ";

    /// <summary>" -> null" after a value that is destroyed, unless its container already says so.</summary>
    public static string NullSuffix(DiffMark mark, bool overridden) => mark == DiffMark.Delete && !overridden ? $" {Arrow} null" : "";

    public static string Unchanged(string noun, int count) => $"# ({count} unchanged {noun}{(count == 1 ? "" : "s")} hidden)";

    public const string KnownAfterApply = "(known after apply)";

    /// <summary>A string as Terraform quotes it: in double quotes, with quotes, backslashes and control characters escaped.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                _ when char.IsControl(c) => text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }

    /// <summary>An object key: bare when it is an identifier, else quoted (HCL's rule, as Terraform applies it).</summary>
    public static string Key(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? key
            : Quote(key);

    /// <summary>The attributes Terraform always shows, changed or not, so a reader knows which resource it is.</summary>
    public static bool IsIdentifying(string name) => name is "id" or "name" or "tags";
}
