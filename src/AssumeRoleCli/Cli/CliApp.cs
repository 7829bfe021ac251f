using System.CommandLine;

namespace AssumeRoleCli.Cli;

/// <summary>Parses, invokes, and ends every run with one of <see cref="ExitCodes"/> and at most one error line.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliServices services, CancellationToken ct = default)
    {
        // The global options decide how the commands write (quiet, colour): read them, then build with them.
        var commandLine = new CommandLine(services);
        var normalized = CommonOptionOrder.Normalize(args, commandLine.Root);
        services = commandLine.Globals.Apply(commandLine.Root.Parse(normalized), services);
        commandLine = new CommandLine(services);
        var parsed = commandLine.Root.Parse(normalized);

        var terminal = services.Terminal;
        var verbose = parsed.GetValue(commandLine.Globals.Verbose);
        using var tracing = verbose ? services.AwsCalls.Listen(new AwsCallTrace(terminal.Error).Write) : null;
        var page = commandLine.HelpOrVersion(parsed);
        if (page is null && parsed.Errors.Count > 0 && !commandLine.IsDirective(parsed))
        {
            await WriteErrorAsync(terminal, UsageErrors.Describe(parsed, commandLine.Root));
            return ExitCodes.Usage;
        }

        if (commandLine.IsDirective(parsed))
        {
            return await CompleteAsync(parsed, terminal, ct);
        }

        try
        {
            // Inside the try: even the help page can meet a closed or full stdout.
            if (page is not null)
            {
                await terminal.Out.WriteAsync(page);
                return ExitCodes.Success;
            }

            return await parsed.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = terminal.Out,
                    Error = terminal.Error,
                    EnableDefaultExceptionHandler = false,

                    // Signals are the caller's: Program turns Ctrl-C into cancellation of ct.
                    ProcessTerminationTimeout = null,
                },
                ct);
        }
#pragma warning disable CA1031 // The top of the program: every failure becomes one line and an exit code.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            var seeHelp = $"(see '{CommandLine.Display(parsed.CommandResult.Command, commandLine.Root)} --help')";
            var report = ErrorReport.Of(failure, services.AwsCalls, ct.IsCancellationRequested, seeHelp, terminal.Approved);
            if (report.IsError)
            {
                await WriteErrorAsync(terminal, report.Message);
            }
            else
            {
                await terminal.Error.WriteLineAsync(report.Message);
            }

            if (report.IsBug && verbose)
            {
                foreach (var line in failure.ToString().ReplaceLineEndings("\n").Split('\n'))
                {
                    await terminal.Error.WriteLineAsync($"[debug] {line}");
                }
            }

            return report.ExitCode;
        }
    }

    /// <summary>
    /// The [suggest:N] directive: System.CommandLine's candidates, less the help spellings (-?, /?, /h) that are
    /// accepted but not this tool's style.
    /// </summary>
    private static async Task<int> CompleteAsync(ParseResult parsed, Terminal terminal, CancellationToken ct)
    {
        using var candidates = new StringWriter();
        var exit = await parsed.InvokeAsync(new InvocationConfiguration { Output = candidates, Error = TextWriter.Null, EnableDefaultExceptionHandler = false }, ct);
        foreach (var candidate in candidates.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!ValueCompletions.Unoffered.Contains(candidate))
            {
                await terminal.Out.WriteLineAsync(candidate);
            }
        }

        return exit;
    }

    private static Task WriteErrorAsync(Terminal terminal, string message) =>
        terminal.Error.WriteLineAsync($"{terminal.ErrorPalette.Error("Error:")} {message}");
}
