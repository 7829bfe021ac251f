using System.Runtime.Versioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.State;

[UnsupportedOSPlatform("windows")]
public sealed class FilePermissionsTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode Searchable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly TemporaryDirectory _directory = new();

    public FilePermissionsTests()
    {
        // CreateTempSubdirectory makes a 0700 folder, which keeps every file in it private: open it as ~ usually is.
        File.SetUnixFileMode(_directory.Path, Searchable);
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(OwnerOnly, false)]
    [InlineData(UnixFileMode.UserRead, false)]
    [InlineData(OwnerOnly | UnixFileMode.GroupRead, true)]
    [InlineData(OwnerOnly | UnixFileMode.OtherRead, true)]
    [InlineData(OwnerOnly | UnixFileMode.GroupWrite, true)]
    [InlineData(OwnerOnly | UnixFileMode.OtherExecute, true)]
    public void IsReadableByOthers_LooksAtTheGroupAndOtherBits(UnixFileMode mode, bool expected)
    {
        var file = _directory.File("credentials");
        File.WriteAllText(file, "x");
        File.SetUnixFileMode(file, mode);

        Assert.Equal(expected, FilePermissions.IsReadableByOthers(file));
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, false)] // 0700: nobody else gets in
    [InlineData(Searchable, true)] // 0755
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute, true)] // 0710: the group reaches its group-readable file
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute, false)] // 0701: others reach it, but may not read it
    public void AGroupReadableFile_IsReadableByOthers_OnlyWhenItsFolderLetsThemIn(UnixFileMode folderMode, bool expected)
    {
        var folder = Directory.CreateDirectory(_directory.File("aws")).FullName;
        var file = Path.Combine(folder, "credentials");
        File.WriteAllText(file, "x");
        File.SetUnixFileMode(file, OwnerOnly | UnixFileMode.GroupRead);
        File.SetUnixFileMode(folder, folderMode);
        try
        {
            Assert.Equal(expected, FilePermissions.IsReadableByOthers(file));
        }
        finally
        {
            File.SetUnixFileMode(folder, Searchable);
        }
    }

    [Fact]
    public void IsReadableByOthers_OfAMissingFile_IsFalse()
    {
        Assert.False(FilePermissions.IsReadableByOthers(_directory.File("missing")));
    }

    [Fact]
    public void Open_OfAStateFileOthersCanRead_SaysSo()
    {
        File.WriteAllText(_directory.StatePath, "{}");
        File.SetUnixFileMode(_directory.StatePath, OwnerOnly | UnixFileMode.OtherRead);

        using var state = StateFile.Open(_directory.StatePath);

        Assert.True(state.IsReadableByOthers);
    }

    [Fact]
    public void Open_OfAnOwnerOnlyOrMissingStateFile_DoesNotWarn()
    {
        using (var missing = StateFile.Open(_directory.StatePath))
        {
            Assert.False(missing.IsReadableByOthers);
        }

        File.WriteAllText(_directory.StatePath, "{}");
        File.SetUnixFileMode(_directory.StatePath, OwnerOnly);
        using var ownerOnly = StateFile.Open(_directory.StatePath);

        Assert.False(ownerOnly.IsReadableByOthers);
    }
}
