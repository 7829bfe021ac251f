using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.State;

/// <summary>The real open(2)+fsync(2) on a directory, through libc.</summary>
public sealed class DirectorySyncTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Flush_OfADirectoryWithARenameInIt_Succeeds()
    {
        File.WriteAllText(_directory.File("a"), "x");
        File.Move(_directory.File("a"), _directory.File("b"));

        DirectorySync.Flush(_directory.Path);

        Assert.True(File.Exists(_directory.File("b")));
    }

    [Fact]
    public void Flush_OfAMissingDirectory_ReportsTheSystemsError()
    {
        var missing = _directory.File("missing");

        var error = Assert.Throws<IOException>(() => DirectorySync.Flush(missing));

        Assert.Equal($"open {missing}: No such file or directory", error.Message);
        Assert.Equal(2, error.HResult);
    }
}
