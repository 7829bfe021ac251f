using System.Runtime.InteropServices;

namespace AssumeRoleCli.State;

/// <summary>
/// Reads the OS error out of .NET's file exceptions. On Unix .NET keeps the raw errno as the HResult of a plain
/// <see cref="IOException"/> (and of the one inside an <see cref="UnauthorizedAccessException"/>), so the cause can
/// be told apart and said in the system's own words ("Permission denied", "Read-only file system").
/// </summary>
internal static class IoErrors
{
    private const int AlreadyExists = 17; // EEXIST on Linux and macOS
    private const int WindowsSharingViolation = unchecked((int)0x80070020);

    /// <summary>flock(LOCK_EX|LOCK_NB) found the lock taken (EWOULDBLOCK; a sharing violation on Windows).</summary>
    public static bool IsLockConflict(IOException error) =>
        error.GetType() == typeof(IOException) && error.HResult == (OperatingSystem.IsWindows() ? WindowsSharingViolation : WouldBlock);

    /// <summary>An exclusive create found the name taken, by anything, including a symbolic link.</summary>
    public static bool IsAlreadyExists(IOException error) => error.GetType() == typeof(IOException) && error.HResult == AlreadyExists;

    /// <summary>The cause in a few words, for "... (cause)".</summary>
    public static string Describe(Exception error) => error switch
    {
        UnauthorizedAccessException { InnerException: IOException { HResult: > 0 } inner } => Marshal.GetPInvokeErrorMessage(inner.HResult),
        UnauthorizedAccessException => "Permission denied",
        IOException { HResult: > 0 } io when io.GetType() == typeof(IOException) => Marshal.GetPInvokeErrorMessage(io.HResult),
        _ => error.Message,
    };

    private static int WouldBlock => OperatingSystem.IsLinux() ? 11 : 35; // EAGAIN/EWOULDBLOCK: 11 on Linux, 35 on macOS and the BSDs
}
