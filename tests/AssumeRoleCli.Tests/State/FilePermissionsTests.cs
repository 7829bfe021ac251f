using System.Runtime.Versioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.State;

[UnsupportedOSPlatform("windows")]
public sealed class FilePermissionsTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TemporaryDirectory _directory = new();

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
