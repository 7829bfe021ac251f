namespace AssumeRoleCli.State;

/// <summary>Whether a file that should be private is not, the way ssh judges a private key.</summary>
public static class FilePermissions
{
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const UnixFileMode GroupBits = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
    private const UnixFileMode OtherBits = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// True when <paramref name="path"/> exists and grants its group or others any access (mode &amp; 077) that its
    /// folder lets them reach: a folder without search (x) permission for them, such as a 0700 ~/.aws, keeps the file
    /// private whatever its own mode says. False for a missing file, and on Windows, which has no such mode bits.
    /// </summary>
    public static bool IsReadableByOthers(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            var file = File.GetUnixFileMode(path) & GroupOrOthers;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } directory ? File.GetUnixFileMode(directory) : GroupOrOthers;
            var groupReaches = (folder & UnixFileMode.GroupExecute) != 0;
            var othersReach = (folder & UnixFileMode.OtherExecute) != 0;
            return (groupReaches && (file & GroupBits) != 0) || (othersReach && (file & OtherBits) != 0);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
