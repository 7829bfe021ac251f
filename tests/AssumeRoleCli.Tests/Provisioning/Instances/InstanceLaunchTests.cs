using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Tests.State;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>launch-instance's choreography with the fakes: the role reached, the image and instances read with its credentials, planned, then launched and recorded.</summary>
public sealed class InstanceLaunchTests : IDisposable
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private static readonly CallerIdentity Source = new("444455556666", "arn:aws:iam::444455556666:user/dev", "AIDA");

    private readonly TemporaryDirectory _directory = new();
    private readonly FakeClientFactory _clients = new();
    private readonly AutoAdvancingTime _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingProgress _progress;

    public InstanceLaunchTests()
    {
        _progress = new RecordingProgress(_time);
        _clients.StsByProfile["source"] = new FakeSts(Source);
        _clients.Ec2.Images.Add(new MachineImage("ami-noble", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250601", "2025-06-01T00:00:00.000Z"));
    }

    public void Dispose() => _directory.Dispose();

    private static InstanceRequest Request(string instanceType = InstanceLaunch.DefaultInstanceType) => new(instanceType, null, 1, null, [], null, new Dictionary<string, string>());

    private Task<PlannedLaunch> PlanAsync(StateFile state, InstanceRequest request)
    {
        var credentials = _directory.File("credentials");
        File.WriteAllText(credentials, "[source]\naws_access_key_id = AKIASOURCE0000000000\naws_secret_access_key = secret\n");
        File.WriteAllText(_directory.File("config"), "");
        var profiles = new ProfileResolver(AwsEnvironment.ForDirectory(credentials, region: "us-east-1"), _clients);
        var roleFromSource = new RoleFromSource(_clients, _time, TimeSpan.FromMinutes(2), _progress);
        return new InstanceLaunch(_clients, roleFromSource, _time, _progress).PlanAsync(
            profiles, "source", null, _ => AssumeRoleSettings.Default, Role, state, request, dryRun: false, _ => Task.CompletedTask, CancellationToken.None);
    }

    [Fact]
    public async Task TheLaunch_IsPlannedWithTheRolesCredentials_ThenLaunchedAndRecorded()
    {
        using var state = StateFile.Open(_directory.StatePath);

        var planned = await PlanAsync(state, Request());

        Assert.Equal("ami-noble", planned.Image.ImageId);
        Assert.Equal(["aws_instance.this[0]"], planned.Plan.Changes.Select(c => c.Address));
        Assert.Equal([Role.AccountId], planned.Plan.Target!.Accounts);
        Assert.Equal("profile 'source'", planned.Plan.Target.AssumedWith);
        Assert.Equal("assumed", _clients.NameOf(planned.Ec2));
        Assert.Empty(_clients.Ec2.Writes);

        var launched = await new InstanceLaunch(_clients, new RoleFromSource(_clients, _time, TimeSpan.Zero, _progress), _time, _progress)
            .ApplyAsync(planned, state, timeout: null, CancellationToken.None);

        var id = Assert.Single(launched);
        Assert.StartsWith("RunInstances 1 ", Assert.Single(_clients.Ec2.Writes), StringComparison.Ordinal);
        Assert.Equal([id], Assert.Single(state.Current.Launches).InstanceIds);
    }

    [Fact]
    public async Task AnInstanceTypeEc2DoesNotKnow_IsAUsageError_BeforeAnythingIsLaunched()
    {
        _clients.Ec2.KnownInstanceTypes.Add("t3.micro");
        using var state = StateFile.Open(_directory.StatePath);

        var error = await Assert.ThrowsAsync<CliException>(() => PlanAsync(state, Request("t9.nope")));

        Assert.Contains("--instance-type 't9.nope'", error.Message, StringComparison.Ordinal);
        Assert.Empty(_clients.Ec2.Writes);
        Assert.Empty(state.Current.Launches);
    }

    [Fact]
    public async Task APlanThatFails_StopsItsRefreshTimer_SoAmongManyAccountsTheRunGoesOnWithoutIt()
    {
        using var state = StateFile.Open(_directory.StatePath);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var progress = new RecordingProgress(time);
        var launch = new InstanceLaunch(_clients, new RoleFromSource(_clients, time, TimeSpan.Zero, progress), time, progress);

        await Assert.ThrowsAsync<CliException>(() => launch.PlanThroughAsync(
            _ => Task.FromException<ReachedRole>(new CliException("refused")), Role, state, Request(), dryRun: false, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(25));

        Assert.Empty(progress.Lines);
    }
}
