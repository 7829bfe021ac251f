using System.CommandLine;
using Amazon.Runtime;
using AssumeRoleCli.Commands;

namespace AssumeRoleCli.Cli;

/// <summary>The root command: parses, invokes, and maps every outcome to one of <see cref="ExitCodes"/>.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot(CliServices services, Option<bool> verbose)
    {
        var root = new RootCommand(
            "Provision AWS resources across accounts with STS AssumeRole: the HashiCorp tutorial, natively.");
        root.Options.Add(verbose);
        root.Subcommands.Add(CreateRoleCommand.Create(services));
        root.Subcommands.Add(LaunchInstanceCommand.Create(services));
        root.Subcommands.Add(TeardownCommand.Create(services));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliServices services, CancellationToken ct = default)
    {
        var verbose = new Option<bool>("--verbose")
        {
            Description = "Show diagnostic detail, including stack traces of unexpected errors.",
            Recursive = true,
        };
        var root = BuildRoot(services, verbose);
        var parsed = root.Parse(args);
        var error = services.Terminal.Error;
        if (parsed.Errors.Count > 0)
        {
            var command = parsed.CommandResult.Command;
            var help = command == root ? "assumerole --help" : $"assumerole {command.Name} --help";
            await error.WriteLineAsync($"Error: {parsed.Errors[0].Message} (see '{help}')");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = services.Terminal.Out,
                    Error = error,
                    EnableDefaultExceptionHandler = false,

                    // Signals are the caller's: Program turns Ctrl-C into cancellation of ct.
                    ProcessTerminationTimeout = null,
                },
                ct);
        }
        catch (CliException failure)
        {
            await error.WriteLineAsync($"Error: {failure.Message}");
            return failure.ExitCode;
        }
        catch (AmazonServiceException failure)
        {
            await error.WriteLineAsync($"Error: {AwsErrorMessages.Describe(failure)}");
            return ExitCodes.Failure;
        }
        catch (AmazonClientException failure)
        {
            await error.WriteLineAsync($"Error: {AwsErrorMessages.Describe(failure)}");
            return ExitCodes.Failure;
        }
        catch (HttpRequestException failure)
        {
            // The SDK lets a refused or reset connection through as it is, after its retries.
            await error.WriteLineAsync($"Error: Could not reach AWS: {failure.Message} (check the network, the region, and any AWS_ENDPOINT_URL or endpoint_url)");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Interrupted: stopped waiting; the state file keeps what was created.");
            return ExitCodes.Interrupted;
        }
#pragma warning disable CA1031 // The top of the program: anything unexpected is a bug, reported in one line.
        catch (Exception bug)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync(parsed.GetValue(verbose)
                ? $"Error: unexpected {bug}"
                : $"Error: unexpected {bug.GetType().Name}: {bug.Message} (a bug; rerun with --verbose for the stack trace)");
            return ExitCodes.Failure;
        }
    }
}
