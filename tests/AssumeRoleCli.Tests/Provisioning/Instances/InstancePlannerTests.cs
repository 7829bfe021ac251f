using AssumeRoleCli.Aws;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.Provisioning;

public class InstancePlannerTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");

    private static LaunchSpec Spec(int? count = 1, string type = "t2.micro", string image = "ami-12345678", bool explicitImage = false) =>
        new(Role, "us-east-1", type, image, explicitImage, count, null, [], null, new Dictionary<string, string>());

    private static LaunchRecord Launch(string token, params string[] ids) =>
        new(token, Role.ToString(), "us-east-1", ids.Length, ids, DateTimeOffset.UnixEpoch);

    private static StateDocument With(params LaunchRecord[] launches) => StateDocument.Empty with { Launches = launches };

    private static FakeEc2Api Ec2With(params (string Id, string State)[] instances)
    {
        var ec2 = new FakeEc2Api();
        foreach (var (id, state) in instances)
        {
            ec2.Add(id, state, ManagedTags.ForInstance(Role.ToString()));
        }

        return ec2;
    }

    private static int _tokens;

    private static string NewToken() => $"token-{Interlocked.Increment(ref _tokens)}";

    /// <summary>The planner as <see cref="InstanceLaunch"/> uses it: what EC2 shows of the role's launches, then the decision.</summary>
    internal static async Task<InstancePlan> PlanAsync(IEc2Api ec2, LaunchSpec spec, StateDocument state, Func<string>? newClientToken = null) =>
        InstancePlanner.Decide(spec, await new InstancePlanner(ec2).ObserveAsync(spec.Role, spec.Region, state, CancellationToken.None), newClientToken ?? NewToken);

    [Fact]
    public async Task Fresh_PlansTheWantedCount_WithANewToken_TaggedForTheRole()
    {
        var plan = await PlanAsync(new FakeEc2Api(), Spec(count: 3), StateDocument.Empty);

        Assert.Equal(3, plan.ToLaunch);
        Assert.Equal(["aws_instance.this[0]", "aws_instance.this[1]", "aws_instance.this[2]"], plan.NewAddresses);
        Assert.Equal(Role.ToString(), plan.Request!.Tags[ManagedTags.RoleKey]);
        Assert.Equal(plan.Request.ClientToken, plan.Request.Tags[ManagedTags.ClientTokenKey]);
        Assert.Equal("Plan: 3 to add, 0 to change, 0 to destroy.", plan.ToPlan().Summary);
    }

    [Fact]
    public async Task CountUp_LaunchesOnlyWhatIsMissing()
    {
        var ec2 = Ec2With(("i-1", "running"), ("i-2", "running"));

        var plan = await PlanAsync(ec2, Spec(count: 5), With(Launch("t1", "i-1", "i-2")));

        Assert.Equal(3, plan.ToLaunch);
        Assert.Equal(["aws_instance.this[2]", "aws_instance.this[3]", "aws_instance.this[4]"], plan.NewAddresses);
        Assert.Empty(plan.Excess);
    }

    [Fact]
    public async Task NoCountAskedFor_KeepsTheFleetThatRuns_AndLaunchesOneWhereNoneRuns()
    {
        var ec2 = Ec2With(("i-1", "running"), ("i-2", "running"));

        var rerun = await PlanAsync(ec2, Spec(count: null), With(Launch("t1", "i-1", "i-2")));
        var first = await PlanAsync(new FakeEc2Api(), Spec(count: null), StateDocument.Empty);

        Assert.Null(rerun.Request);
        Assert.Empty(rerun.Excess);
        Assert.Equal(1, first.Request?.Count);
    }

    [Fact]
    public async Task CountDown_DestroysTheNewestExtras_SayingWhy()
    {
        var ec2 = Ec2With(("i-1", "running"), ("i-2", "running"), ("i-3", "running"));

        var plan = await PlanAsync(ec2, Spec(count: 1), With(Launch("t1", "i-1"), Launch("t2", "i-2", "i-3")));

        Assert.Null(plan.Request);
        Assert.Equal([("aws_instance.this[2]", "i-3"), ("aws_instance.this[1]", "i-2")], plan.ExcessAddresses);
        Assert.Equal("Plan: 0 to add, 0 to change, 2 to destroy.", plan.ToPlan().Summary);
        Assert.All(plan.ToPlan().Changes, c => Assert.Equal(ChangeAction.Delete, c.Action));
        Assert.Equal(["index [2] is out of range for count", "index [1] is out of range for count"], plan.ToPlan().Changes.Select(c => c.Because));
    }

    [Fact]
    public async Task InstancesTaggedForTheRole_ThatTheStateDoesNotRecord_Count_SoALostStateDoesNotDoubleTheFleet()
    {
        var ec2 = Ec2With(("i-1", "running"), ("i-2", "pending"), ("i-old", "terminated"));
        ec2.Add("i-foreign", "running", ManagedTags.ForInstance(RoleArn.For("aws", "111122223333", "other_role").ToString()));

        var same = await PlanAsync(ec2, Spec(count: 2), StateDocument.Empty);
        var more = await PlanAsync(ec2, Spec(count: 3), StateDocument.Empty);

        Assert.True(same.ToPlan().IsEmpty);
        Assert.Equal(["i-1", "i-2"], same.FoundByTag.Select(i => i.InstanceId).Order());
        Assert.Equal(1, more.ToLaunch);
        Assert.Equal(["aws_instance.this[2]"], more.NewAddresses);
    }

    [Fact]
    public async Task AnInterruptedLaunchThatStartedInstances_IsAdopted_NotLaunchedAgain()
    {
        var ec2 = new FakeEc2Api();
        ec2.Add("i-adopted", "running", new Dictionary<string, string>(ManagedTags.ForInstance(Role.ToString())) { [ManagedTags.ClientTokenKey] = "crashed" });

        var plan = await PlanAsync(ec2, Spec(count: 1), With(Launch("crashed")));

        Assert.Equal(["i-adopted"], plan.Adopted.Select(i => i.InstanceId));
        Assert.Null(plan.Request);
        Assert.True(plan.ToPlan().IsEmpty);
    }

    [Fact]
    public async Task AnInterruptedLaunchThatStartedNothing_IsSentAgain_ExactlyAsRecorded_WithItsToken()
    {
        var recorded = new LaunchRequest("ami-00000001", "t3.small", 2, "crashed", null, [], null, new Dictionary<string, string> { ["Team"] = "a" });
        var interrupted = Launch("crashed") with { Count = 2, Request = recorded };

        // This time asked for another image, type and count: the interrupted request still goes first, unchanged.
        var plan = await PlanAsync(new FakeEc2Api(), Spec(count: 5, type: "t2.micro", image: "ami-99999999"), With(interrupted));

        Assert.Same(recorded, plan.Request);
        Assert.True(plan.ReplaysInterruptedLaunch);
    }

    [Fact]
    public async Task AnInterruptedLaunchWithoutARecordedRequest_ReusesItsToken()
    {
        var plan = await PlanAsync(new FakeEc2Api(), Spec(count: 1), With(Launch("old-token")));

        Assert.Equal("old-token", plan.Request!.ClientToken);
    }

    [Fact]
    public async Task InstancesStillPendingFromAnEarlierRun_AreWaitedFor_EvenWithNothingToAdd()
    {
        var ec2 = Ec2With(("i-1", "pending"));

        var plan = await PlanAsync(ec2, Spec(count: 1), With(Launch("t1", "i-1")));

        Assert.True(plan.ToPlan().IsEmpty);
        Assert.Equal(["i-1"], plan.StillPending);
    }

    [Theory]
    [InlineData("t3.micro", "ami-12345678", false)]
    [InlineData("t2.micro", "ami-99999999", true)]
    public async Task RunningInstancesOfAnotherTypeOrImage_AreRefused_NotReportedAsWanted(string type, string image, bool explicitImage)
    {
        var ec2 = Ec2With(("i-1", "running"));

        var error = await Assert.ThrowsAsync<CliException>(
            () => PlanAsync(ec2, Spec(type: type, image: image, explicitImage: explicitImage), With(Launch("t1", "i-1"))));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("i-1 runs t2.micro", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewerDefaultImage_DoesNotCountAsAChange()
    {
        var ec2 = Ec2With(("i-1", "running"));

        var plan = await PlanAsync(ec2, Spec(image: "ami-newer000"), With(Launch("t1", "i-1")));

        Assert.True(plan.ToPlan().IsEmpty);
    }

    [Theory]
    [InlineData("aws", "099720109477")]
    [InlineData("aws-cn", "837727238323")]
    [InlineData("aws-us-gov", "513442679011")]
    public void CanonicalOwner_IsThePartitionsOwn(string partition, string owner) => Assert.Equal(owner, InstancePlanner.CanonicalOwner(partition));

    [Fact]
    public async Task NoCanonicalInAPartition_AsksForAmi()
    {
        var error = await Assert.ThrowsAsync<CliException>(() => new InstancePlanner(new FakeEc2Api()).FindUbuntuImageAsync("aws-iso", "us-iso-east-1", CancellationToken.None));

        Assert.Contains("--ami", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoUbuntuImage_NamesTheRegionOwnerAndFilter()
    {
        var error = await Assert.ThrowsAsync<CliException>(() => new InstancePlanner(new FakeEc2Api()).FindUbuntuImageAsync("aws", "eu-west-3", CancellationToken.None));

        Assert.Contains("eu-west-3", error.Message, StringComparison.Ordinal);
        Assert.Contains("099720109477", error.Message, StringComparison.Ordinal);
        Assert.Contains("ubuntu/images/hvm-ssd*/ubuntu-noble-24.04-amd64-server-*", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheImage_IsTheNewestBuildOfTheCurrentLts_NotANewerBuildOfAnotherRelease()
    {
        var ec2 = new FakeEc2Api();
        ec2.Images.AddRange(
        [
            new MachineImage("ami-noble-old", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250101", "2025-01-01T00:00:00.000Z"),
            new MachineImage("ami-noble-new", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250601", "2025-06-01T00:00:00.000Z"),
            new MachineImage("ami-jammy-rebuilt", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20250701", "2025-07-01T00:00:00.000Z"),
            new MachineImage("ami-plucky", "ubuntu/images/hvm-ssd-gp3/ubuntu-plucky-25.04-amd64-server-20250702", "2025-07-02T00:00:00.000Z"),
        ]);

        var image = await new InstancePlanner(ec2).FindUbuntuImageAsync("aws", "us-east-1", CancellationToken.None);

        Assert.Equal("ami-noble-new", image.ImageId);
    }

    [Fact]
    public async Task Waiting_PastTheTimeout_NamesEachInstanceAndItsLastState()
    {
        var ec2 = new FakeEc2Api();
        ec2.Add("i-stuck", "pending");
        var clock = new AutoAdvancingTime();

        var error = await Assert.ThrowsAsync<CliException>(() => new InstanceWaiter(clock).WaitForStateAsync(
            ec2, ["i-stuck", "i-gone"], "running", TimeSpan.FromMinutes(1), CancellationToken.None));

        Assert.Equal(TimeSpan.FromMinutes(1), clock.Elapsed);
        Assert.Contains("i-stuck: pending", error.Message, StringComparison.Ordinal);
        Assert.Contains("i-gone: not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_ForRunning_StopsWhenAnInstanceTerminates()
    {
        var ec2 = new FakeEc2Api();
        ec2.Add("i-dead", "terminated");

        var error = await Assert.ThrowsAsync<CliException>(() => new InstanceWaiter(new AutoAdvancingTime()).WaitForStateAsync(
            ec2, ["i-dead"], "running", TimeSpan.FromMinutes(10), CancellationToken.None));

        Assert.Contains("i-dead is terminated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_ForRunning_SaysWhyEc2TerminatedTheInstance()
    {
        var ec2 = new FakeEc2Api();
        ec2.Add("i-dead", "terminated", stateReason: "Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state");

        var error = await Assert.ThrowsAsync<CliException>(() => new InstanceWaiter(new AutoAdvancingTime()).WaitForStateAsync(
            ec2, ["i-dead"], "running", TimeSpan.FromMinutes(10), CancellationToken.None));

        Assert.Equal(
            "Instance i-dead is terminated (EC2 said Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state); it will never be running.",
            error.Message);
    }
}
