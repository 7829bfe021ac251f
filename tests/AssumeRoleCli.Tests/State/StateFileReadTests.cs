using System.Text.Json;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.State;

/// <summary>What a state file on disk may look like, and what reading it does with each shape.</summary>
public sealed class StateFileReadTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string StatePath => _directory.StatePath;

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"version\":1}")]
    [InlineData("{\"launches\":null}")]
    [InlineData("{\"role\":null,\"launches\":null}")]
    [InlineData("null")]
    public void Read_AMinimalState_IsEmpty(string json)
    {
        File.WriteAllText(StatePath, json);

        var state = StateFile.Read(StatePath);

        Assert.Empty(state.Roles);
        Assert.NotNull(state.Launches);
        Assert.Empty(state.Launches);
        Assert.Equal(StateDocument.CurrentVersion, state.Version);
    }

    [Theory]
    [InlineData("{\"client_token\":\"t\",\"role_arn\":\"arn:aws:iam::111122223333:role/r\",\"region\":\"us-east-1\",\"count\":1,\"started_at\":\"2024-01-01T00:00:00+00:00\"}")]
    [InlineData("{\"client_token\":\"t\",\"role_arn\":\"arn:aws:iam::111122223333:role/r\",\"region\":\"us-east-1\",\"count\":1,\"instance_ids\":null,\"started_at\":\"2024-01-01T00:00:00+00:00\"}")]
    public void Read_ALaunchWithoutInstanceIds_HasAnEmptyList(string launch)
    {
        File.WriteAllText(StatePath, $"{{\"version\":1,\"launches\":[{launch}]}}");

        var state = StateFile.Read(StatePath);

        var only = Assert.Single(state.Launches);
        Assert.Equal("t", only.ClientToken);
        Assert.NotNull(only.InstanceIds);
        Assert.Empty(only.InstanceIds);
    }

    [Fact]
    public void Read_ARoleWithoutPolicyArns_HasAnEmptyList()
    {
        File.WriteAllText(StatePath, "{\"role\":{\"arn\":\"arn:aws:iam::111122223333:role/r\",\"name\":\"r\",\"account_id\":\"111122223333\",\"source_account_id\":\"444455556666\"}}");

        var role = Assert.Single(StateFile.Read(StatePath).Roles);

        Assert.NotNull(role.PolicyArns);
        Assert.Empty(role.PolicyArns);
    }

    [Fact]
    public void AVersion1File_ItsOneRole_JoinsTheList_AndIsRewrittenAsVersion2()
    {
        File.WriteAllText(StatePath, "{\"version\":1,\"role\":{\"arn\":\"arn:aws:iam::111122223333:role/r\",\"name\":\"r\",\"account_id\":\"111122223333\",\"source_account_id\":\"444455556666\",\"policy_arns\":[]},\"roles\":null}");

        using (var state = StateFile.Open(StatePath))
        {
            Assert.Equal("arn:aws:iam::111122223333:role/r", Assert.Single(state.Current.Roles).Arn);
            state.Update(s => s with { Launches = [new LaunchRecord("t", "arn:aws:iam::111122223333:role/r", "us-east-1", 1, [], DateTimeOffset.UnixEpoch)] });
        }

        var text = File.ReadAllText(StatePath);
        Assert.Contains("\"version\": 2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"role\":", text, StringComparison.Ordinal);
        Assert.Single(StateFile.Read(StatePath).Roles);
    }

    [Fact]
    public void Read_ALaunchWithoutItsClientToken_IsOneClearError()
    {
        File.WriteAllText(StatePath, "{\"launches\":[{\"role_arn\":\"arn:aws:iam::111122223333:role/r\",\"region\":\"us-east-1\",\"count\":1}]}");

        var error = Assert.Throws<CliException>(() => StateFile.Read(StatePath));

        Assert.Contains(StatePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("client_token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Read_InvalidJson_IsOneLineWithThePathAndWhatToDo()
    {
        File.WriteAllText(StatePath, "{ \"version\": 1,\n  not json");

        var error = Assert.Throws<CliException>(() => StateFile.Read(StatePath));

        Assert.StartsWith($"State file {StatePath} is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("move it aside", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(ExitCodes.Failure, error.ExitCode);
    }

    [Theory]
    [InlineData("{\"version\":3}")]
    [InlineData("{\"version\":7,\"role\":[\"a newer shape\"],\"roles\":{}}")]
    public void Open_AStateFromANewerVersion_IsRefusedAndLeftUntouched(string json)
    {
        File.WriteAllText(StatePath, json);

        var error = Assert.Throws<CliException>(() => StateFile.Open(StatePath));
        var readError = Assert.Throws<CliException>(() => StateFile.Read(StatePath));

        var version = JsonDocument.Parse(json).RootElement.GetProperty("version").GetInt32();
        Assert.StartsWith($"State file {StatePath} was written by a newer assumerole (version {version}); upgrade assumerole", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, readError.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(json, File.ReadAllText(StatePath));
    }

    [Theory]
    [InlineData("{\"launches\":5}", "launches")]
    [InlineData("{\"launches\":[{\"client_token\":\"t\",\"role_arn\":\"r\",\"region\":\"x\",\"started_at\":\"yesterday\"}]}", "launches[0].started_at")]
    public void Read_AFieldOfTheWrongType_NamesTheField(string json, string field)
    {
        File.WriteAllText(StatePath, json);

        var error = Assert.Throws<CliException>(() => StateFile.Read(StatePath));

        Assert.Equal($"State file {StatePath} is not a valid assumerole state: {field} has the wrong type or format. Fix it, or move it aside to start from an empty state.", error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("\"1\"")]
    [InlineData("1.5")]
    [InlineData("null")]
    public void Read_AVersionAssumeroleNeverWrote_IsInvalid(string version)
    {
        File.WriteAllText(StatePath, $"{{\"version\":{version}}}");

        var error = Assert.Throws<CliException>(() => StateFile.Read(StatePath));

        Assert.Equal($"State file {StatePath} is not a valid assumerole state: version {version} is not a version assumerole ever wrote. Fix it, or move it aside to start from an empty state.", error.Message);
    }

    [Fact]
    public void Update_KeepsFieldsItDoesNotKnow_AtEveryLevel()
    {
        File.WriteAllText(StatePath, """
            {
              "version": 1,
              "workspace": {"name": "blue"},
              "role": {"arn": "arn:aws:iam::111122223333:role/r", "name": "r", "account_id": "111122223333", "source_account_id": "444455556666", "policy_arns": [], "path": "/ops/"},
              "launches": [{"client_token": "t", "role_arn": "arn:aws:iam::111122223333:role/r", "region": "us-east-1", "count": 1, "instance_ids": [], "started_at": "2024-01-01T00:00:00+00:00", "subnet": "subnet-1"}]
            }
            """);

        using (var state = StateFile.Open(StatePath))
        {
            state.Update(s => s with { Launches = [.. s.Launches.Select(l => l with { InstanceIds = ["i-1"] })] });
        }

        using var written = JsonDocument.Parse(File.ReadAllText(StatePath));
        var root = written.RootElement;
        Assert.Equal("blue", root.GetProperty("workspace").GetProperty("name").GetString());
        Assert.Equal("/ops/", root.GetProperty("roles")[0].GetProperty("path").GetString());
        var launch = root.GetProperty("launches")[0];
        Assert.Equal("subnet-1", launch.GetProperty("subnet").GetString());
        Assert.Equal("i-1", launch.GetProperty("instance_ids")[0].GetString());
    }
}
