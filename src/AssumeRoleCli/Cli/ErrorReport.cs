using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Calls;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Cli;

/// <summary>How a failure ends the run: its exit code and its one line on stderr.</summary>
/// <param name="IsError">True for "Error: ..." lines; false for "Interrupted: ...".</param>
/// <param name="IsBug">Nothing expected it: --verbose adds the stack trace.</param>
internal sealed record ErrorReport(int ExitCode, string Message, bool IsError = true, bool IsBug = false)
{
    private const string CheckEndpoint = "check the network, the region, and any AWS_ENDPOINT_URL or endpoint_url";

    /// <param name="interrupted">Ctrl-C (or SIGTERM) cancelled the run.</param>
    /// <param name="seeHelp">Where a usage error points, e.g. "(see 'assumerole teardown --help')".</param>
    /// <param name="approved">The plan was approved, so changes may have begun; before that (planning), nothing was changed.</param>
    public static ErrorReport Of(Exception failure, AwsCallLog calls, bool interrupted, string seeHelp, bool approved = true) => failure switch
    {
        ApprovalInterruptedException => new(ExitCodes.Interrupted, "Interrupted: nothing was changed.", IsError: false),
        OperationCanceledException when interrupted && !approved =>
            new(ExitCodes.Interrupted, "Interrupted: nothing was changed.", IsError: false),
        OperationCanceledException when interrupted =>
            new(ExitCodes.Interrupted, "Interrupted: stopped waiting; the state file keeps what was created.", IsError: false),
        CliException { ExitCode: ExitCodes.Usage } usage => new(ExitCodes.Usage, $"{usage.Message} {seeHelp}"),
        CliException expected => new(expected.ExitCode, expected.Message),
        InvalidRegionNameException usage => new(ExitCodes.Usage, $"{usage.Message} {seeHelp}"),
        AwsConfigurationException unusable => new(ExitCodes.Failure, unusable.Message),
        StateNotSavedException unsaved => new(ExitCodes.Failure, unsaved.Message),
        RoleNotAssumableException or RoleNotAuthorizedException or MfaCodeUnavailableException or SessionDurationRefusedException or UnexpectedAwsResponseException =>
            new(ExitCodes.Failure, failure.Message),
        Aws.Signin.SigninException => new(ExitCodes.Failure, failure.Message),

        // An empty body, an HTML page, a cut-off answer: the environment (a proxy, a wrong endpoint), not AWS and not a bug.
        System.Xml.XmlException or AmazonUnmarshallingException or { InnerException: System.Xml.XmlException } => new(
            ExitCodes.Failure,
            $"An endpoint answered with something that is not an AWS response ({MessageOf(failure)}); {CheckEndpoint}, then rerun: what was done is recorded in the state file."),
        _ when calls.FailedCallOf(failure) is { } call => new(ExitCodes.Failure, FromAws(failure, call)),
        AmazonServiceException aws => new(ExitCodes.Failure, AwsErrorCodes.Describe(aws)),
        AmazonClientException or HttpRequestException => new(ExitCodes.Failure, $"Could not reach AWS: {MessageOf(failure)} ({CheckEndpoint})"),
        OperationCanceledException => new(ExitCodes.Failure, $"AWS did not answer in time ({CheckEndpoint}), then rerun."),
        _ => new(ExitCodes.Failure, $"unexpected failure: {MessageOf(failure)} (a bug; rerun with --verbose for details)", IsBug: true),
    };

    /// <summary>"ec2:RunInstances as assume_role in 210987654321 (us-east-2): ..." and what AWS or the network said.</summary>
    private static string FromAws(Exception failure, AwsCallRecord call)
    {
        var where = $"{call.Action} as {call.Identity} ({call.Region})";
        var retried = call.Attempt > 1 ? $"after {call.Attempt} attempts; rerun to continue" : null;
        return failure switch
        {
            AmazonServiceException aws => $"{where}: {AwsErrorCodes.Describe(aws, retried)}",
            OperationCanceledException => $"{where}: AWS did not answer in time{Then(retried)} ({CheckEndpoint})",
            _ => $"{where}: Could not reach AWS{Then(call.Attempt > 1 ? $"after {call.Attempt} attempts" : null)}: {MessageOf(failure)} ({CheckEndpoint})",
        };
    }

    private static string Then(string? retried) => retried is null ? "" : " " + retried;

    /// <summary>
    /// The most telling message of an exception chain, on one line: a wrapper that only says "see the inner
    /// exception" (or nothing) gives way to the exception it wraps.
    /// </summary>
    internal static string MessageOf(Exception failure)
    {
        var current = failure;
        while (current.InnerException is { } inner && IsVague(current.Message))
        {
            current = inner;
        }

        var message = AwsErrorCodes.OneLine(current.Message)
            .Replace("See the inner exception for details.", "", StringComparison.OrdinalIgnoreCase)
            .Replace("See inner exception for details.", "", StringComparison.OrdinalIgnoreCase)
            .Trim();
        return message.Length > 0 ? message : "no details given";
    }

    private static bool IsVague(string message) =>
        string.IsNullOrWhiteSpace(message) ||
        message.Contains("inner exception", StringComparison.OrdinalIgnoreCase) ||
        message.StartsWith("An error occurred while sending the request", StringComparison.Ordinal) ||
        message.StartsWith("Exception of type", StringComparison.Ordinal);
}
