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
}
