using Amazon.Runtime;
using AssumeRoleCli.Aws.Credentials;

namespace AssumeRoleCli;

/// <summary>
/// The expected-error type of everything above Aws/ (which throws its own typed exceptions): its message is printed as
/// a single line on stderr and the process exits with <see cref="ExitCode"/>. Only Cli/ErrorReport maps failures.
/// </summary>
public sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.Failure, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public CliException(string message)
        : this(message, ExitCodes.Failure)
    {
    }

    public CliException(string message, Exception innerException)
        : this(message, ExitCodes.Failure, innerException)
    {
    }

    public int ExitCode { get; }

    /// <summary>Bad usage or input; raised before anything is changed.</summary>
    public static CliException Usage(string message) => new(message, ExitCodes.Usage);

    /// <summary>
    /// A failure that is the command's one-line error, not a defect: ours, or a profile, the environment or the region
    /// giving no session; with <paramref name="orAwsRefusal"/>, AWS refusing a call too. For the places that turn such a
    /// failure into a finding, or stop a sibling read on it, and let anything else (a bug) through.
    /// </summary>
    public static bool IsExpected(Exception error, bool orAwsRefusal = false) =>
        error is CliException or AwsConfigurationException || (orAwsRefusal && error is AmazonServiceException);
}
