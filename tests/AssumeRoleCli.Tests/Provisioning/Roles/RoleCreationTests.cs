using Amazon;
using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Tests.State;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>create-role's choreography with the fakes: the reads asked together, the plan, and the apply recording the role.</summary>
public sealed class RoleCreationTests : IDisposable
{
    private const string SourceAccount = "444455556666";
    private const string DestinationAccount = "111122223333";

    private readonly FakeClientFactory _clients = new();
    private readonly AutoAdvancingTime _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly RecordingProgress _progress;
    private readonly List<string> _warnings = [];
    private readonly TemporaryDirectory _directory = new();

    public RoleCreationTests()
    {
        _progress = new RecordingProgress(_time);
    }

    public void Dispose() => _directory.Dispose();

    private static AwsSession Session(string profile) => new(profile, new BasicAWSCredentials($"AKIA{profile.ToUpperInvariant()}", "secret"), RegionEndpoint.USEast1, "credentials");

    private static SourceCredentials Source => new(Session("source"), "profile 'source'", null);

    private static RoleRequest Request(RoleScope scope = RoleScope.Ec2FullAccess) =>
        new("assume_role", ["AmazonEC2FullAccess"], [], IamRole.DefaultMaxSessionDurationSeconds, [], null, false, scope);

    private RoleCreation Creation() => new(_clients, _progress, _time, message => { _warnings.Add(message); return Task.CompletedTask; });

    private void Accounts(string source, string destination)
    {
        _clients.StsByProfile["source"] = new FakeSts(new CallerIdentity(source, source == "root" ? $"arn:aws:iam::{DestinationAccount}:root" : $"arn:aws:iam::{source}:user/alice", "AIDA"));
        _clients.StsByProfile["destination"] = new FakeSts(new CallerIdentity(destination, $"arn:aws:iam::{destination}:user/admin", "AIDB"));
    }

    [Fact]
    public async Task ANewRole_IsPlannedForTheDestinationsAccount_ThenCreatedAndRecorded_WithWhenItChanged()
    {
        Accounts(SourceAccount, DestinationAccount);
        using var state = StateFile.Open(_directory.StatePath);

        var planned = await Creation().PlanAsync(Request(), Source, Session("destination"), "destination", CancellationToken.None);

        Assert.True(planned.HasChanges);
        Assert.Null(planned.RoleArn);
        Assert.Equal([DestinationAccount], planned.Plan.Target!.Accounts);
        Assert.Empty(_clients.Iam.Writes);
        Assert.Empty(_warnings);

        var arn = await Creation().ApplyAsync(planned, state, CancellationToken.None);

        Assert.Equal($"arn:aws:iam::{DestinationAccount}:role/assume_role", arn.ToString());
        var record = Assert.Single(state.Current.Roles);
        Assert.Equal(arn.ToString(), record.Arn);
        Assert.Equal(SourceAccount, record.SourceAccountId);
        Assert.Equal(_time.GetUtcNow(), record.ChangedAt);
    }

    [Fact]
    public async Task ARoleAsWanted_PlansNothing_AndKeepsWhenItLastChanged()
    {
        Accounts(SourceAccount, DestinationAccount);
        using var state = StateFile.Open(_directory.StatePath);
        await Creation().ApplyAsync(await Creation().PlanAsync(Request(), Source, Session("destination"), "destination", CancellationToken.None), state, CancellationToken.None);
        var firstChange = state.Current.Roles[0].ChangedAt;
        _time.Advance(TimeSpan.FromHours(1));
        var writes = _clients.Iam.Writes.Count;

        var planned = await Creation().PlanAsync(Request(), Source, Session("destination"), "destination", CancellationToken.None);
        await Creation().ApplyAsync(planned, state, CancellationToken.None);

        Assert.False(planned.HasChanges);
        Assert.Equal(writes, _clients.Iam.Writes.Count);
        Assert.Equal(firstChange, state.Current.Roles[0].ChangedAt);
    }

    [Fact]
    public async Task ARootUserSource_IsRefusedBeforeAnythingIsPlanned()
    {
        Accounts("root", DestinationAccount);

        var error = await Assert.ThrowsAsync<CliException>(() => Creation().PlanAsync(Request(), Source, Session("destination"), "destination", CancellationToken.None));

        Assert.Contains("Use an IAM user or role of that account", error.Message, StringComparison.Ordinal);
        Assert.Empty(_clients.Iam.Writes);
    }

    [Fact]
    public async Task OneAccountOnBothSides_IsWarnedAbout()
    {
        Accounts(DestinationAccount, DestinationAccount);

        await Creation().PlanAsync(Request(), Source, Session("destination"), "destination", CancellationToken.None);

        Assert.Contains(_warnings, w => w.Contains($"both in account {DestinationAccount}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AScopedRole_NamesItsArnInThePlan_FromTheDestinationsIdentity()
    {
        Accounts(SourceAccount, DestinationAccount);

        var planned = await Creation().PlanAsync(Request(RoleScope.ManagedInstances), Source, Session("destination"), "destination", CancellationToken.None);

        Assert.Equal($"arn:aws:iam::{DestinationAccount}:role/assume_role", planned.RoleArn?.ToString());
    }
}
