using System.Text.Json;

namespace AssumeRoleCli.State;

/// <summary>
/// The state file, held under an exclusive lock for the life of one command. Every save is atomic (write a
/// sibling temp file, then rename over), so a crash leaves either the old or the new document, never half.
/// </summary>
public sealed class StateFile : IDisposable
{
    public const string DefaultPath = "assumerole.state.json";

    private readonly FileStream _lock;

    private StateFile(string path, FileStream lockHandle, StateDocument current)
    {
        Path = path;
        _lock = lockHandle;
        Current = current;
    }

    public string Path { get; }

    public StateDocument Current { get; private set; }

    /// <summary>Locks and reads the state file; a missing file is an empty state.</summary>
    public static StateFile Open(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
        {
            throw CliException.Usage($"The directory of state file {fullPath} does not exist.");
        }

        FileStream lockHandle;
        try
        {
            lockHandle = new FileStream(fullPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            throw new CliException($"State file {fullPath} is locked by another assumerole command; wait for it to finish.");
        }

        try
        {
            return new StateFile(fullPath, lockHandle, Read(fullPath));
        }
        catch
        {
            lockHandle.Dispose();
            throw;
        }
    }

    /// <summary>Reads without locking (for commands that only look).</summary>
    public static StateDocument Read(string path)
    {
        if (!File.Exists(path))
        {
            return StateDocument.Empty;
        }

        try
        {
            var document = JsonSerializer.Deserialize(File.ReadAllText(path), StateJsonContext.Default.StateDocument);
            return document?.Normalized() ?? StateDocument.Empty;
        }
        catch (JsonException error)
        {
            throw new CliException($"State file {path} is not valid: {error.Message} Fix or move it aside.", error);
        }
    }

    /// <summary>Applies <paramref name="change"/> and writes the result atomically before returning (a change that returns the same document writes nothing).</summary>
    public StateDocument Update(Func<StateDocument, StateDocument> change)
    {
        var next = change(Current);
        if (ReferenceEquals(next, Current))
        {
            return next;
        }

        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(next, StateJsonContext.Default.StateDocument));
        File.Move(temporary, Path, overwrite: true);
        Current = next;
        return next;
    }

    public void Dispose() => _lock.Dispose();
}
