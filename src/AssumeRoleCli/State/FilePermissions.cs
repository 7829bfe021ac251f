namespace AssumeRoleCli.State;

/// <summary>Whether a file that should be private is not, the way ssh judges a private key.</summary>
public static class FilePermissions
{
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// True when <paramref name="path"/> exists and grants its group or others any access (mode &amp; 077).
    /// False for a missing file, and on Windows, which has no such mode bits.
    /// </summary>
    public static bool IsReadableByOthers(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return (File.GetUnixFileMode(path) & GroupOrOthers) != 0;
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
