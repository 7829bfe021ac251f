namespace AssumeRoleCli.State;

/// <summary>
/// The state file, held under an exclusive lock for the life of one command. <see cref="Open"/> does every check
/// (path, lock, writable directory, content, version) before a command's first AWS call; every save is atomic and
/// durable (see <see cref="AtomicFile"/>), so a crash leaves either the old or the new document, never half.
/// </summary>
public sealed class StateFile : IDisposable
{
    public const string DefaultPath = "assumerole.state.json";

    private readonly FileStream _lock;
    private readonly AtomicFile _writer;
    private readonly Lock _updating = new();

    private StateFile(string path, FileStream lockHandle, AtomicFile writer, StateDocument current, bool readableByOthers, bool existed)
    {
        Path = path;
        _lock = lockHandle;
        _writer = writer;
        Current = current;
        IsReadableByOthers = readableByOthers;
        Existed = existed;
    }

    public string Path { get; }

    /// <summary>
    /// The file was there when opened: a command here has recorded something (what it records now may be nothing, all
    /// of it destroyed). False for a state never written here, or lost.
    /// </summary>
    public bool Existed { get; }

    public StateDocument Current { get; private set; }

    /// <summary>
    /// The state file existed when opened and its group or others had access to it (mode &amp; 077): worth one
    /// warning. The next <see cref="Update"/> writes it back as 0600.
    /// </summary>
    public bool IsReadableByOthers { get; }

    /// <summary>Checks, locks and reads the state file; a missing file is an empty state.</summary>
    public static StateFile Open(string path) => Open(path, AtomicFile.Default);

    internal static StateFile Open(string path, AtomicFile writer)
    {
        var fullPath = StateLocation.Resolve(path);
        var lockHandle = StateLock.Acquire(fullPath);
        try
        {
            ProbeWritable(fullPath, writer);
            var existed = File.Exists(fullPath);
            var current = Load(fullPath);
            return new StateFile(fullPath, lockHandle, writer, current, FilePermissions.IsReadableByOthers(fullPath), existed);
        }
        catch
        {
            lockHandle.Dispose();
            throw;
        }
    }

    /// <summary>Reads without locking (for commands that only look), with the same checks as <see cref="Open"/>.</summary>
    public static StateDocument Read(string path) => Load(StateLocation.Resolve(path));

    /// <summary>Applies <paramref name="change"/> and writes the result atomically before returning (a change that returns the same document writes nothing).</summary>
    /// <param name="existsInAws">
    /// What AWS already made that this change records (e.g. "role r (ARN)"): if the save fails, the error says it
    /// exists and is not recorded, so nobody takes the failure for "nothing happened".
    /// </param>
    public StateDocument Update(Func<StateDocument, StateDocument> change, string? existsInAws = null)
    {
        // Accounts of a fan-out record at the same time: one change (and one write) at a time, each on the last saved.
        lock (_updating)
        {
            return UpdateAlone(change, existsInAws);
        }
    }

    private StateDocument UpdateAlone(Func<StateDocument, StateDocument> change, string? existsInAws)
    {
        var next = change(Current);
        if (ReferenceEquals(next, Current))
        {
            return next;
        }

        try
        {
            _writer.Replace(Path, StateJson.Serialize(next));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new StateNotSavedException(
                existsInAws is null
                    ? $"Could not save state file {Path} ({IoErrors.Describe(error)}); it still holds the state before this change."
                    : $"Could not save state file {Path} ({IoErrors.Describe(error)}): {existsInAws} exists in AWS, but the state file does not record it. " +
                      "Fix the cause and rerun the command: it finds what exists and records it.",
                error);
        }

        Current = next;
        try
        {
            _writer.SyncDirectoryOf(Path);
        }
        catch (IOException error)
        {
            throw new StateNotSavedException($"State file {Path} was saved but its directory could not be flushed to disk ({IoErrors.Describe(error)}); a crash now could lose this change.", error);
        }

        return next;
    }

    public void Dispose() => _lock.Dispose();

    private static void ProbeWritable(string path, AtomicFile writer)
    {
        try
        {
            writer.ProbeWritable(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw StateLocation.CannotCreateFiles(path, error);
        }
    }

    private static StateDocument Load(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return StateDocument.Empty;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read state file {path} ({IoErrors.Describe(error)}).", error);
        }

        return StateJson.Parse(path, content);
    }
}
