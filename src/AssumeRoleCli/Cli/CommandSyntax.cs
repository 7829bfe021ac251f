using System.CommandLine;

namespace AssumeRoleCli.Cli;

/// <summary>A command's command line: its options, and how a ParseResult becomes the command's options record.</summary>
internal interface ICommandSyntax<out TOptions>
{
    Command Build();

    TOptions Bind(ParseResult parsed);
}

/// <summary>
/// Every command: a <typeparamref name="TSyntax"/> that turns the command line into <typeparamref name="TOptions"/>,
/// and <see cref="RunAsync"/>, which knows nothing of parsing (the seam tests call with options of their own).
/// </summary>
internal abstract class CliCommand<TOptions, TSyntax>(CliServices services)
    where TSyntax : ICommandSyntax<TOptions>, new()
{
    protected CliServices Services { get; } = services;

    public abstract Task<int> RunAsync(TOptions options, CancellationToken ct);

    /// <summary>The command, its action wired to <see cref="RunAsync"/>.</summary>
    public Command ToCommand()
    {
        var syntax = new TSyntax();
        var command = syntax.Build();
        command.SetAction((parsed, ct) => RunAsync(syntax.Bind(parsed), ct));
        return command;
    }

    /// <summary>Parses and validates a command line without running anything (for tests of the parsing half).</summary>
    public static TOptions ParseOptions(params string[] args)
    {
        var syntax = new TSyntax();
        var parsed = syntax.Build().Parse(args);
        return parsed.Errors.Count > 0 ? throw CliException.Usage(parsed.Errors[0].Message) : syntax.Bind(parsed);
    }
}
