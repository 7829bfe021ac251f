using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.State;

/// <summary>
/// The write protocol through its two seams (the random part of the temporary name, the directory flush). What the
/// seams cannot show is that fsync(2) really reaches the disk; <see cref="DirectorySyncTests"/> runs the real call.
/// </summary>
public sealed class AtomicFileTests : IDisposable
{
    private static readonly RoleRecord Role = new("arn:aws:iam::111122223333:role/r", "r", "111122223333", "444455556666", []);

    private readonly TemporaryDirectory _directory = new();
    private readonly List<string> _synced = [];

    private string StatePath => _directory.StatePath;

    public void Dispose() => _directory.Dispose();

    private static Func<string> Names(params string[] names)
    {
        var queue = new Queue<string>(names);
        return () => queue.Count > 1 ? queue.Dequeue() : queue.Peek();
    }

    [Fact]
    public void Replace_WhenTheRandomNameIsTakenByALink_PicksAnotherAndNeverTouchesTheLink()
    {
        var victim = _directory.File("victim");
        File.WriteAllText(victim, "precious");
        File.CreateSymbolicLink($"{StatePath}.taken.tmp", victim);
        var writer = new AtomicFile(Names("taken", "fresh"), _synced.Add);

        writer.Replace(StatePath, "new"u8);

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal(victim, new FileInfo($"{StatePath}.taken.tmp").LinkTarget);
        Assert.Equal("new", File.ReadAllText(StatePath));
        Assert.False(File.Exists($"{StatePath}.fresh.tmp"));
    }

    [Fact]
    public void Replace_WhenEveryNameIsTaken_FailsAndLeavesTheOldContent()
    {
        File.WriteAllText(StatePath, "old");
        File.WriteAllText($"{StatePath}.same.tmp", "someone else's");
        var writer = new AtomicFile(Names("same"), _synced.Add);

        Assert.ThrowsAny<IOException>(() => writer.Replace(StatePath, "new"u8));

        Assert.Equal("old", File.ReadAllText(StatePath));
        Assert.Equal("someone else's", File.ReadAllText($"{StatePath}.same.tmp"));
    }

    [Fact]
    public void Update_FlushesTheStatesDirectory_AfterTheRename()
    {
        string? seenAtSync = null;
        var writer = new AtomicFile(Names("a", "b"), directory =>
        {
            _synced.Add(directory);
            seenAtSync = File.ReadAllText(StatePath);
            Assert.Equal([StatePath, StatePath + ".lock"], Directory.GetFiles(_directory.Path).Order(StringComparer.Ordinal));
        });
        using var state = StateFile.Open(StatePath, writer);

        state.Update(s => s.WithRole(Role));

        Assert.Equal([_directory.Path], _synced);
        Assert.Contains(Role.Arn, seenAtSync, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_WhenTheDirectoryCannotBeFlushed_SaysTheChangeWasSavedButMayNotBeDurable()
    {
        var writer = new AtomicFile(Names("a", "b"), _ => throw new IOException("fsync failed", 5));
        using var state = StateFile.Open(StatePath, writer);

        var error = Assert.Throws<StateNotSavedException>(() => state.Update(s => s.WithRole(Role)));

        Assert.StartsWith($"State file {StatePath} was saved but its directory could not be flushed to disk (", error.Message, StringComparison.Ordinal);
        Assert.Equal(Role, Assert.Single(state.Current.Roles));
    }

    [Fact]
    public void Update_WhenTheTemporaryFileCannotBeMade_KeepsTheOldStateOnDiskAndInMemory()
    {
        File.WriteAllText(StatePath, "{\"version\":1}");
        var writer = new AtomicFile(Names("probe", "missing-directory/x"), _synced.Add);
        using var state = StateFile.Open(StatePath, writer);

        var error = Assert.Throws<StateNotSavedException>(() => state.Update(s => s.WithRole(Role)));

        Assert.StartsWith($"Could not save state file {StatePath} (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("it still holds the state before this change.", error.Message, StringComparison.Ordinal);
        Assert.Equal("{\"version\":1}", File.ReadAllText(StatePath));
        Assert.Empty(state.Current.Roles);
        Assert.Empty(_synced);
    }

    /// <summary>Through the name seam: proves Open tries a real temporary file and reports its failure, not how a real EACCES looks.</summary>
    [Fact]
    public void Open_WhenNoTemporaryFileCanBeMade_FailsAtOpenNotAtTheFirstUpdate()
    {
        var writer = new AtomicFile(Names("missing-directory/x"), _synced.Add);

        var error = Assert.Throws<CliException>(() => StateFile.Open(StatePath, writer));

        Assert.StartsWith($"Cannot create files in the state directory {_directory.Path} (", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, error.ExitCode);
        Assert.False(File.Exists(StatePath + ".lock"));
    }
}
