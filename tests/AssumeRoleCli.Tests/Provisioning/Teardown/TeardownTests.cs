using Amazon;
using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Tests.State;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>teardown's choreography with the fakes: the role and its instances read at once, planned, then destroyed and forgotten.</summary>
public sealed class TeardownTests : IDisposable
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private static readonly CallerIdentity SourceUser = new("444455556666", "arn:aws:iam::444455556666:user/alice", "AIDA");
    private static readonly ManagedPolicyRef Ec2Full = new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess");
    private static readonly DateTimeOffset LongAgo = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly FakeClientFactory _clients = new();
    private readonly AutoAdvancingTime _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly RecordingProgress _progress;
    private readonly TemporaryDirectory _directory = new();

    public TeardownTests()
    {
        _progress = new RecordingProgress(_time);
        _clients.StsByProfile["source"] = new FakeSts(SourceUser);
        _clients.Iam.AddRole(new IamRole("assume_role", Role.ToString(), "{}", new Dictionary<string, string> { ["ManagedBy"] = "AssumeRoleCli" }), Ec2Full);
        _clients.Ec2.Add("i-1", tags: ManagedTags.ForInstance(Role.ToString()));
    }

    public void Dispose() => _directory.Dispose();

    private static AwsSession Session(string profile) => new(profile, new BasicAWSCredentials("AKIA" + profile, "secret"), RegionEndpoint.USEast1, "credentials");

    private static AccountSessions Sessions() => new(
        new SourceSide("profile 'source'", Session("source"), null),
        new DestinationSide("destination", Session("destination"), "credentials and config", new CallerIdentity(Role.AccountId, $"arn:aws:iam::{Role.AccountId}:user/admin", "AIDB")),
        "us-east-1");

    private Teardown Teardown() => new(_clients, TimeSpan.FromMinutes(2), _time, _progress, cache: null);

    private StateFile State(params LaunchRecord[] launches)
    {
        var state = StateFile.Open(_directory.StatePath);
        state.Update(s => s with
        {
            Roles = [new RoleRecord(Role.ToString(), Role.RoleName, Role.AccountId, SourceUser.Account, [Ec2Full.Arn], LongAgo)],
            Launches = launches,
        });
        return state;
    }

    private static LaunchRecord Launch(string region, params string[] ids) => new($"token-{region}", Role.ToString(), region, ids.Length, ids, LongAgo);

    [Fact]
    public async Task ARoleOfOurs_AndItsInstance_ArePlannedTogether_ThenDestroyed_AndForgotten()
    {
        using var state = State(Launch("us-east-1", "i-1"));

        var planned = await Teardown().PlanAsync(Sessions(), [Role], state.Current, AssumeRoleSettings.Default, keepRole: false, CancellationToken.None);

        Assert.Equal(["aws_instance.this[0]", "aws_iam_role.assume_role"], planned.Plan.Changes.Select(c => c.Address));
        Assert.Equal([Role.AccountId], planned.Plan.Target!.Accounts);
        Assert.Equal("destination", planned.Plan.Target.Profile);
        Assert.Empty(_clients.Ec2.Writes);
        Assert.Empty(_clients.Iam.Writes);

        var done = await Teardown().ApplyAsync(planned, state, TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Equal(["i-1"], done.Terminated);
        Assert.Equal([Role.ToString()], done.RolesDeleted);
        Assert.Equal(2, done.Destroyed);
        Assert.Equal("terminated", _clients.Ec2.StateOf("i-1"));
        Assert.Null(_clients.Iam.Role("assume_role"));
        Assert.Empty(state.Current.Roles);
        Assert.Empty(state.Current.Launches);
    }

    [Fact]
    public async Task InstancesRecordedInAnotherRegion_KeepTheRole_SayingWhereToRerun()
    {
        using var state = State(Launch("us-east-1", "i-1"), Launch("eu-west-1", "i-9"));

        var planned = await Teardown().PlanAsync(Sessions(), [Role], state.Current, AssumeRoleSettings.Default, keepRole: false, CancellationToken.None);

        Assert.Equal(["aws_instance.this[0]"], planned.Plan.Changes.Select(c => c.Address));
        Assert.False(planned.Roles[0].Plan.RoleDecision.Delete);
        Assert.Contains(_progress.Notes, n => n.Contains("rerun teardown with --region eu-west-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeepRole_PlansTheInstancesOnly_AndTheRoleStaysRecorded()
    {
        using var state = State(Launch("us-east-1", "i-1"));

        var planned = await Teardown().PlanAsync(Sessions(), [Role], state.Current, AssumeRoleSettings.Default, keepRole: true, CancellationToken.None);
        var done = await Teardown().ApplyAsync(planned, state, TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Equal(["i-1"], done.Terminated);
        Assert.Empty(done.RolesDeleted);
        Assert.NotNull(_clients.Iam.Role("assume_role"));
        Assert.Single(state.Current.Roles);
    }

    [Fact]
    public async Task TwoRoles_AddressTheirInstancesApart_InThePlanAndInTheProgressLines()
    {
        var other = RoleArn.For("aws", Role.AccountId, "other_role");
        _clients.Iam.AddRole(new IamRole("other_role", other.ToString(), "{}", new Dictionary<string, string> { ["ManagedBy"] = "AssumeRoleCli" }), Ec2Full);
        _clients.Ec2.Add("i-2", tags: ManagedTags.ForInstance(other.ToString()));
        using var state = State(Launch("us-east-1", "i-1"));

        var planned = await Teardown().PlanAsync(Sessions(), [Role, other], state.Current, AssumeRoleSettings.Default, keepRole: true, CancellationToken.None);
        await Teardown().ApplyAsync(planned, state, TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Equal(
            ["account[\"111122223333\"].role[\"assume_role\"].aws_instance.this[0]", "account[\"111122223333\"].role[\"other_role\"].aws_instance.this[0]"],
            planned.Plan.Changes.Select(c => c.Address));
        Assert.Contains("account[\"111122223333\"].role[\"other_role\"].aws_instance.this[0]: Destroying... [id=i-2]", _progress.Lines);
    }
}
