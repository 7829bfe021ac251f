using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.State;

public sealed class StateFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("assumerole-state-").FullName;

    private string StatePath => Path.Combine(_directory, "assumerole.state.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Open_AMissingFile_IsAnEmptyState()
    {
        using var state = StateFile.Open(StatePath);

        Assert.Empty(state.Current.Roles);
        Assert.Empty(state.Current.Launches);
        Assert.False(File.Exists(StatePath));
    }

    [Fact]
    public void Update_WritesAtomically_AndReadsBack()
    {
        var role = new RoleRecord("arn:aws:iam::111122223333:role/assume_role", "assume_role", "111122223333", "444455556666", ["arn:aws:iam::aws:policy/AmazonEC2FullAccess"]);
        using (var state = StateFile.Open(StatePath))
        {
            state.Update(s => s.WithRole(role));
        }

        var read = StateFile.Read(StatePath);
        Assert.Equal(role.Arn, Assert.Single(read.Roles).Arn);
        Assert.Equal(role.PolicyArns, read.Roles[0].PolicyArns);
        Assert.False(File.Exists(StatePath + ".tmp"));
        Assert.Contains("\"policy_arns\"", File.ReadAllText(StatePath), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WhileAnotherCommandHoldsIt_FailsClearly()
    {
        using var first = StateFile.Open(StatePath);

        var error = Assert.Throws<CliException>(() => StateFile.Open(StatePath));

        Assert.Contains("locked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AMalformedFile_IsOneClearError()
    {
        File.WriteAllText(StatePath, "{ not json");

        var error = Assert.Throws<CliException>(() => StateFile.Read(StatePath));

        Assert.Contains(StatePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheStateFile_HoldsNoSecretFields()
    {
        using (var state = StateFile.Open(StatePath))
        {
            state.Update(s => s with { Launches = [new LaunchRecord("token-1", "arn:aws:iam::111122223333:role/r", "us-east-1", 1, ["i-1"], DateTimeOffset.UnixEpoch)] });
        }

        var text = File.ReadAllText(StatePath);
        Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("session_token", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"client_token\": \"token-1\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_ThatChangesNothing_WritesNothing()
    {
        using var state = StateFile.Open(StatePath);

        state.Update(s => s);

        Assert.False(File.Exists(StatePath));
    }
}
