using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace AssumeRoleCli.Cli;

/// <summary>The one line a command-line mistake gets: what was wrong and, when something is close, what was meant.</summary>
internal static class UsageErrors
{
    public static string Describe(ParseResult parsed, RootCommand root)
    {
        var command = parsed.CommandResult.Command;
        var commandLine = CommandLine.Display(command, root);
        if (parsed.UnmatchedTokens is [var token, ..])
        {
            if (token.StartsWith('-') && token.Length > 1)
            {
                return UnknownOption(token.Split('=', 2)[0], command, root, commandLine);
            }

            if (command == root)
            {
                return UnknownCommand(token, root);
            }

            return $"unexpected argument '{token}' for {commandLine} (see '{commandLine} --help').";
        }

        // A command typed without the argument it needs: name the argument (System.CommandLine says only "Required argument missing").
        if (parsed.Errors[0].Message.StartsWith("Required argument missing", StringComparison.Ordinal)
            && command.Arguments.FirstOrDefault(a => a.Arity.MinimumNumberOfValues > 0) is { } needed)
        {
            return $"{commandLine} needs its <{needed.HelpName ?? needed.Name}> argument (see '{commandLine} --help').";
        }

        // A message that already says what was meant needs no pointer to the help.
        var message = Reword(parsed.Errors[0]);
        return message.EndsWith('?') ? message : $"{message} (see '{commandLine} --help')";
    }

    /// <summary>System.CommandLine's own conversion errors name .NET types ("System.Int32"): say it in words.</summary>
    private static string Reword(ParseError error)
    {
        if (!error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            return error.Message;
        }

        var option = error.SymbolResult switch
        {
            OptionResult result => result.Option,
            ArgumentResult { Parent: OptionResult result } => result.Option,
            _ => null,
        };
        var given = error.SymbolResult?.Tokens is [var token, ..] ? token.Value : "";
        var expected = option?.ValueType switch
        {
            { } type when type == typeof(int) || type == typeof(long) => "a whole number",
            { } type when type == typeof(double) || type == typeof(decimal) => "a number",
            { } type when type == typeof(bool) => "true or false",
            _ => "a value it accepts",
        };
        return option is null ? $"'{given}' is not {expected}." : $"{option.Name} '{given}' is not {expected}.";
    }

    public static string UnknownCommand(string typed, RootCommand root)
    {
        var names = root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        return Suggestions.Nearest(typed, names) is { } meant
            ? $"'{typed}' is not an {CommandLine.Name} command. Did you mean '{meant}'?"
            : $"'{typed}' is not an {CommandLine.Name} command. The commands are: {string.Join(", ", names)}.";
    }

    private static string UnknownOption(string typed, Command command, RootCommand root, string commandLine)
    {
        if (command == root && root.Subcommands.FirstOrDefault(c => c.Options.Any(o => o.Name == typed || o.Aliases.Contains(typed))) is { } owner)
        {
            return $"'{typed}' is an option of a command: name one, e.g. '{CommandLine.Name} {owner.Name} {typed} ...'.";
        }

        var of = command == root ? CommandLine.Name : command.Name;
        if (command != root && command.Options.Any(o => o.Name == typed || o.Aliases.Contains(typed)))
        {
            // Its own option, typed before the command's name: only the shared ones (--region, --output, --state) may stand there.
            return $"'{typed}' is an option of {of}: put it after the command, '{CommandLine.Name} {of} {typed} ...'.";
        }

        if (typed == CommandLine.AwsCliProfileName && command.Options.Any(o => o.Name == CommandLine.SourceProfileName))
        {
            return $"'{typed}' is not an option of {of}, which uses two profiles: did you mean '{CommandLine.SourceProfileName}' " +
                $"(whose account assumes the role) or '{CommandLine.DestinationProfileName}' (the account that owns the role)?";
        }

        var names = OptionsOf(command, root).SelectMany(o => o.Aliases.Prepend(o.Name));
        return Suggestions.Nearest(typed, names) is { } meant
            ? $"'{typed}' is not an option of {of}. Did you mean '{meant}'?"
            : $"'{typed}' is not an option of {of} (see '{commandLine} --help').";
    }

    /// <summary>The options valid on <paramref name="command"/>: its own, and the root's recursive ones (help, --verbose...).</summary>
    internal static IEnumerable<Option> OptionsOf(Command command, RootCommand root) =>
        command.Options.Concat(command == root ? [] : root.Options.Where(o => o.Recursive || o is HelpOption)).Where(o => !o.Hidden);
}
