namespace AssumeRoleCli.State;

/// <summary>Checks a --state path before anything is opened, so each mistake gets its own message and exit code 2.</summary>
internal static class StateLocation
{
    /// <summary>The full path of the state file: its directory exists, and it is not a directory, a link or a special file.</summary>
    public static string Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw CliException.Usage("--state needs the path of a file.");
        }

        var fullPath = System.IO.Path.GetFullPath(path);
        RefuseLink(fullPath, "State file", "pass the real path with --state");
        if (Directory.Exists(fullPath))
        {
            throw CliException.Usage(
                $"State file {fullPath} is a directory; pass a file path with --state, such as {System.IO.Path.Combine(fullPath, StateFile.DefaultPath)}.");
        }

        var directory = System.IO.Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
        {
            var what = File.Exists(directory) ? "is a file, not a directory" : "does not exist";
            throw CliException.Usage($"The directory {directory} of state file {fullPath} {what}; create it or pass another --state.");
        }

        // Devices, pipes and sockets all report size 0; refusing every empty file keeps us from reading a pipe
        // (which blocks) or /dev/zero (which never ends), and from renaming our file over /dev/null.
        if (new FileInfo(fullPath) is { Exists: true, Length: 0 })
        {
            throw CliException.Usage(
                $"State file {fullPath} is empty or not a regular file; pass another --state, or delete it if it is an empty file.");
        }

        return fullPath;
    }

    /// <summary>Refuses a symbolic link at a path we read or write, so a planted link can never redirect our writes.</summary>
    public static void RefuseLink(string path, string what, string advice)
    {
        if (new FileInfo(path).LinkTarget is { } target)
        {
            throw CliException.Usage($"{what} {path} is a symbolic link (to {target}); assumerole does not follow links for files it writes: {advice}.");
        }
    }

    /// <summary>The state's directory refused a new file: an environment problem, said in the system's words.</summary>
    public static CliException CannotCreateFiles(string statePath, Exception error) =>
        new($"Cannot create files in the state directory {System.IO.Path.GetDirectoryName(statePath)} ({IoErrors.Describe(error)}); " +
            "assumerole writes its state and lock beside the state file. Fix the directory's permissions or pass another --state.");
}
