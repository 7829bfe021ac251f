using System.CommandLine;
using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Commands;
using AssumeRoleCli.Provisioning;

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
        root.Subcommands.Add(ExecCommand.Create(services));
        root.Subcommands.Add(CredentialsCommand.Create(services));
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
        var command = parsed.CommandResult.Command;
        var seeHelp = $"(see '{(command == root ? "assumerole --help" : $"assumerole {command.Name} --help")}')";
        if (parsed.Errors.Count > 0)
        {
            await error.WriteLineAsync($"Error: {parsed.Errors[0].Message} {seeHelp}");
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
            await error.WriteLineAsync(failure.ExitCode == ExitCodes.Usage ? $"Error: {failure.Message} {seeHelp}" : $"Error: {failure.Message}");
            return failure.ExitCode;
        }
        catch (Exception failure) when (failure is RoleNotAssumableException or RoleNotAuthorizedException or MfaCodeUnavailableException or UnexpectedAwsResponseException)
        {
            await error.WriteLineAsync($"Error: {failure.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception failure) when (failure is System.Xml.XmlException or AmazonUnmarshallingException || failure.InnerException is System.Xml.XmlException)
        {
            // An empty body, an HTML page, a cut-off answer: the environment (a proxy, a wrong endpoint), not AWS and not a bug.
            await error.WriteLineAsync(
                $"Error: An endpoint answered with something that is not an AWS response ({AwsErrorCodes.OneLine((failure.InnerException ?? failure).Message)}); " +
                "check the network and any AWS_ENDPOINT_URL or endpoint_url, then rerun: what was done is recorded in the state file.");
            return ExitCodes.Failure;
        }
        catch (AmazonServiceException failure)
        {
            await error.WriteLineAsync($"Error: {AwsErrorCodes.Describe(failure)}");
            return ExitCodes.Failure;
        }
        catch (AmazonClientException failure)
        {
            await error.WriteLineAsync($"Error: Could not reach AWS: {AwsErrorCodes.OneLine(failure.Message)}");
            return ExitCodes.Failure;
        }
        catch (HttpRequestException failure)
        {
            // The SDK lets a refused or reset connection through as it is, after its retries.
            await error.WriteLineAsync($"Error: Could not reach AWS: {failure.Message} (check the network, the region, and any AWS_ENDPOINT_URL or endpoint_url)");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await error.WriteLineAsync("Interrupted: stopped waiting; the state file keeps what was created.");
            return ExitCodes.Interrupted;
        }
        catch (OperationCanceledException failure)
        {
            // Not Ctrl-C: an HTTP call timed out inside the SDK.
            await error.WriteLineAsync($"Error: AWS did not answer in time ({AwsErrorCodes.OneLine(failure.Message)}); check the network, the region, and any AWS_ENDPOINT_URL or endpoint_url, then rerun.");
            return ExitCodes.Failure;
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
