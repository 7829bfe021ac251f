using System.Runtime.Versioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.State;

/// <summary>How an update reaches the disk: a fresh 0600 file renamed over the state, never through a link.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class StateFileWriteTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly RoleRecord Role = new("arn:aws:iam::111122223333:role/assume_role", "assume_role", "111122223333", "444455556666", []);

    private readonly TemporaryDirectory _directory = new();

    private string StatePath => _directory.StatePath;

    public void Dispose() => _directory.Dispose();

    private void SaveRole()
    {
        using var state = StateFile.Open(StatePath);
        state.Update(s => s.WithRole(Role));
    }

    [Fact]
    public async Task Update_FromManyAccountsAtOnce_LosesNoRecord()
    {
        using var state = StateFile.Open(StatePath);
        var accounts = Enumerable.Range(0, 40).Select(i => $"{i:D12}").ToList();

        await Task.WhenAll(accounts.Select(account => Task.Run(() =>
            state.Update(s => s.WithRole(Role with { Arn = $"arn:aws:iam::{account}:role/assume_role", AccountId = account })))));

        Assert.Equal(accounts.Order(), state.Current.Roles.Select(r => r.AccountId).Order());
        Assert.Equal(accounts.Order(), StateFile.Read(StatePath).Roles.Select(r => r.AccountId).Order());
    }

    [Fact]
    public void Update_CreatesTheStateFileOwnerOnly()
    {
        SaveRole();

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(StatePath));
    }

    [Fact]
    public void Update_OfAStateFileOthersCouldRead_LeavesItOwnerOnly()
    {
        File.WriteAllText(StatePath, "{}");
        File.SetUnixFileMode(StatePath, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        SaveRole();

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(StatePath));
    }

    [Fact]
    public void Update_LeavesOnlyTheStateAndNoTemporaryFile()
    {
        SaveRole();

        Assert.Equal([StatePath], Directory.GetFiles(_directory.Path));
        Assert.Equal(Role.Arn, Assert.Single(StateFile.Read(StatePath).Roles).Arn);
    }

    [Fact]
    public void Update_NeverWritesThroughALinkPlantedAtTheOldTemporaryName()
    {
        var victim = _directory.File("victim");
        File.WriteAllText(victim, "precious");
        File.CreateSymbolicLink(StatePath + ".tmp", victim);

        SaveRole();

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Null(new FileInfo(StatePath).LinkTarget);
        Assert.Equal(Role.Arn, Assert.Single(StateFile.Read(StatePath).Roles).Arn);
    }

    [Fact]
    public void Update_AfterALinkWasPlantedAtTheStatePath_ReplacesTheLinkNotItsTarget()
    {
        var victim = _directory.File("victim");
        File.WriteAllText(victim, "precious");
        using var state = StateFile.Open(StatePath);
        File.CreateSymbolicLink(StatePath, victim);

        state.Update(s => s.WithRole(Role));

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Null(new FileInfo(StatePath).LinkTarget);
        Assert.Equal(Role.Arn, Assert.Single(StateFile.Read(StatePath).Roles).Arn);
    }

    [Fact]
    public void StaleTemporaryFilesFromAKilledRun_AreHarmless()
    {
        File.WriteAllText(StatePath, "{}");
        File.WriteAllText(StatePath + ".tmp", "{ half written");
        File.WriteAllText(StatePath + ".0123456789abcdef.tmp", "{ half written");

        SaveRole();
        using var state = StateFile.Open(StatePath);

        Assert.Equal(Role.Arn, Assert.Single(state.Current.Roles).Arn);
    }

    [Fact]
    public void Update_WritesTheWholeDocument_EndingInANewline()
    {
        SaveRole();

        var text = File.ReadAllText(StatePath);
        Assert.StartsWith("{", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.Contains("\"version\": 2", text, StringComparison.Ordinal);
    }
}
