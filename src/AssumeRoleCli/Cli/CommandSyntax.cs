using System.CommandLine;

namespace AssumeRoleCli.Cli;

/// <summary>A command's command line: its options, and how a ParseResult becomes the command's options record.</summary>
internal interface ICommandSyntax<out TOptions>
{
    Command Build();

    TOptions Bind(ParseResult parsed);
}

/// <summary>Wires a syntax to a command's RunAsync, the seam between parsing and doing.</summary>
internal static class CommandSyntax
{
    public static Command Create<TOptions>(ICommandSyntax<TOptions> syntax, Func<TOptions, CancellationToken, Task<int>> run)
    {
        var command = syntax.Build();
        command.SetAction((parsed, ct) => run(syntax.Bind(parsed), ct));
        return command;
    }

    /// <summary>Parses and validates a command line without running anything (for tests of the parsing half).</summary>
    public static TOptions Parse<TOptions>(ICommandSyntax<TOptions> syntax, string[] args)
    {
        var parsed = syntax.Build().Parse(args);
        return parsed.Errors.Count > 0 ? throw CliException.Usage(parsed.Errors[0].Message) : syntax.Bind(parsed);
    }
}
