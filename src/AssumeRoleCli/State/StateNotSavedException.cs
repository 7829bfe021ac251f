namespace AssumeRoleCli.State;

/// <summary>
/// The state file could not be saved: a failure of the whole run, never of one account (every account records into
/// the same file), so a fan-out stops rather than carrying on unrecorded. Reported as its message.
/// </summary>
public sealed class StateNotSavedException : Exception
{
    public StateNotSavedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
