namespace AssumeRoleCli.State;

/// <summary>
/// The lock on a state file: "STATE.lock" held open with FileShare.None, which .NET implements on Unix as
/// flock(LOCK_EX|LOCK_NB). The kernel releases a flock when its holder exits, however it exits (even kill -9), so a
/// lock file left behind never blocks anyone; with DeleteOnClose .NET also removes the file while still holding the
/// lock, and re-opens if it locked a file that was removed meanwhile.
/// </summary>
internal static class StateLock
{
    public static FileStream Acquire(string statePath)
    {
        var lockPath = statePath + ".lock";
        StateLocation.RefuseLink(lockPath, "Lock file", "remove the link");
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            return new FileStream(lockPath, options);
        }
        catch (IOException error) when (IoErrors.IsLockConflict(error))
        {
            throw new CliException($"State file {statePath} is locked by another assumerole command; wait for it to finish.");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw StateLocation.CannotCreateFiles(statePath, error);
        }
    }
}
