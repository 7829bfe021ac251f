using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.Text;

namespace AssumeRoleCli.Cli;

/// <summary>
/// A command's help: usage, what it does, its options with defaults in the syntax they accept (10m, not 00:10:00),
/// the options every command takes, and examples.
/// </summary>
internal static class HelpPage
{
    private const int Width = 100;
    private const int Column = 34;

    public static string Render(Command command, RootCommand root)
    {
        var isRoot = command == root;
        var topic = isRoot ? HelpTopics.Root : HelpTopics.For(command.Name);
        var text = new StringBuilder();
        text.AppendLine("Usage:");
        text.AppendLine(isRoot ? $"  {CommandLine.Name} <command> [options]" : $"  {CommandLine.Display(command, root)}{ArgumentsOf(command)} [options]");
        text.AppendLine();
        Paragraph(text, command.Description ?? "");
        if (topic is not null)
        {
            text.AppendLine();
            Paragraph(text, topic.Paragraph);
        }

        if (isRoot)
        {
            Section(text, "Commands:", command.Subcommands.Where(c => !c.Hidden).Select(c => (c.Name + ArgumentsOf(c), c.Description ?? "")));
            Section(text, "Options (before or after the command):", CommonOptions.Shared().Concat(root.Options).Select(Row));
        }
        else
        {
            Section(text, "Options:", command.Options.Where(o => !o.Hidden).Select(Row));
            Section(text, "Global options:", root.Options.Where(o => o.Recursive || o is HelpOption).Select(Row));
        }

        if (topic is not null)
        {
            text.AppendLine();
            text.AppendLine("Examples:");
            foreach (var example in topic.Examples)
            {
                text.AppendLine($"  # {example.Does}");
                text.AppendLine($"  {example.CommandLine}");
            }
        }

        if (isRoot)
        {
            text.AppendLine();
            text.AppendLine("Exit codes: 0 success (also \"no changes\"), 1 failed or not approved, 2 bad usage (nothing changed), 130 interrupted.");
            text.AppendLine($"Run '{CommandLine.Name} help <command>' for a command's options and examples.");
        }

        return text.ToString();
    }

    private static (string Label, string Description) Row(Option option)
    {
        // -o, --output and --verbose, --debug; not the /h and -? spellings System.CommandLine also accepts for help.
        var names = option.Aliases.Where(a => a.Length == 2 && a[0] == '-' && char.IsAsciiLetter(a[1]))
            .Append(option.Name)
            .Concat(option.Aliases.Where(a => a.StartsWith("--", StringComparison.Ordinal)));
        var label = string.Join(", ", names);
        if (option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool))
        {
            label += $" <{option.HelpName ?? option.Name.TrimStart('-')}>";
        }

        var description = option.Description ?? "";
        return (label, DefaultOf(option) is { } value ? $"{description} [default: {value}]" : description);
    }

    /// <summary>An option's default in the syntax the option itself accepts; null when there is none to show.</summary>
    internal static string? DefaultOf(Option option)
    {
        if (!option.HasDefaultValue)
        {
            return null;
        }

        return option.GetDefaultValue() switch
        {
            null or bool or string[] { Length: 0 } => null,
            TimeSpan duration => Durations.Format(duration),
            Enum choice => choice.ToString().ToLowerInvariant(), // as the option accepts it: process, not Process
            IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
            string[] values => string.Join(", ", values), // a repeatable option's (--destination-profile), not System.String[]
            var value => value.ToString(),
        };
    }

    private static string ArgumentsOf(Command command) => string.Concat(command.Arguments.Where(a => !a.Hidden).Select(a =>
        a.Arity.MinimumNumberOfValues == 0 ? $" [<{a.HelpName ?? a.Name}>]" : $" <{a.HelpName ?? a.Name}>"));

    private static void Section(StringBuilder text, string title, IEnumerable<(string Label, string Description)> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine(title);
        foreach (var (label, description) in list)
        {
            var lines = Wrap(description, Width - Column);
            var first = label.Length + 4 <= Column ? lines.FirstOrDefault() ?? "" : null;
            text.AppendLine(first is null ? $"  {label}" : $"  {label.PadRight(Column - 2)}{first}".TrimEnd());
            foreach (var line in first is null ? lines : lines.Skip(1))
            {
                text.AppendLine(new string(' ', Column) + line);
            }
        }
    }

    private static void Paragraph(StringBuilder text, string paragraph)
    {
        foreach (var line in Wrap(paragraph, Width - 2))
        {
            text.AppendLine("  " + line);
        }
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }
}
