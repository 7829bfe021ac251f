using System.Net;
using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

public sealed class InstanceApplierTests : IDisposable
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private readonly string _directory = Directory.CreateTempSubdirectory("applier-").FullName;
    private readonly FakeEc2Api _ec2 = new();
    private readonly RecordingProgress _progress = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static LaunchSpec Spec(int count) =>
        new(Role, "us-east-1", "t2.micro", "ami-12345678", false, count, null, [], null, new Dictionary<string, string>());

    private async Task<(StateFile State, InstancePlan Plan)> PlanAsync(int count, StateDocument? seed = null)
    {
        var path = Path.Combine(_directory, "state.json");
        var state = StateFile.Open(path);
        if (seed is not null)
        {
            state.Update(_ => seed);
        }

        return (state, await InstancePlannerTests.PlanAsync(_ec2, Spec(count), state.Current, () => Guid.NewGuid().ToString("N")));
    }

    private InstanceApplier Applier(StateFile state) => new(_ec2, state, new AutoAdvancingTime(), _progress);

    [Theory]
    [InlineData("running", 0)]
    [InlineData("pending", 1)]
    public async Task RunInstancesOwnAnswer_IsTheFirstObservation_NoPollWhenItSaysRunning(string answered, int polls)
    {
        var (state, plan) = await PlanAsync(3);
        using (state)
        {
            _ec2.LaunchedState = answered;
            var clock = new AutoAdvancingTime();
            var before = _ec2.DescribeCalls;
            _ec2.StartsBeforeDescribed = true;

            var launched = await new InstanceApplier(_ec2, state, clock, _progress).ApplyAsync(plan, TimeSpan.FromMinutes(5), CancellationToken.None);

            Assert.Equal(3, launched.Count);
            Assert.Equal(polls, _ec2.DescribeCalls - before);
            Assert.DoesNotContain(TimeSpan.Zero, clock.Delays);
        }
    }

    [Fact]
    public async Task EveryInstance_GetsItsOwnProgressLines_StillCreatingEvery10s_UntilRunning()
    {
        var (state, plan) = await PlanAsync(3);
        using (state)
        {
            var clock = new AutoAdvancingTime();
            var progress = new RecordingProgress(clock);
            using var boot = clock.At(TimeSpan.FromSeconds(15), _ec2.StartAll);

            var launched = await new InstanceApplier(_ec2, state, clock, progress).ApplyAsync(plan, TimeSpan.FromMinutes(5), CancellationToken.None);

            // Polled after 1, 3, 7, 12 and 17 s (EC2 said running at 15 s).
            for (var i = 0; i < 3; i++)
            {
                var address = InstanceAddresses.Of(i);
                Assert.Equal(
                    [$"{address}: Creating...", $"{address}: Still creating... [10s elapsed]", $"{address}: Creation complete after 17s [id={launched[i]}]"],
                    progress.Lines.Where(l => l.StartsWith(address + ":", StringComparison.Ordinal)));
            }
        }
    }

    [Fact]
    public async Task TheExactRequest_IsRecordedWithItsToken_BeforeRunInstances()
    {
        var (state, plan) = await PlanAsync(2);
        using (state)
        {
            _ec2.NextRunInstancesError = new AmazonServiceException("boom") { ErrorCode = "InternalError", StatusCode = HttpStatusCode.InternalServerError };

            await Assert.ThrowsAsync<AmazonServiceException>(() => Applier(state).ApplyAsync(plan, null, CancellationToken.None));

            var recorded = Assert.Single(state.Current.Launches);
            Assert.Empty(recorded.InstanceIds);
            Assert.Equal(plan.Request, recorded.Request! with { Tags = plan.Request!.Tags, SecurityGroupIds = plan.Request.SecurityGroupIds });
            Assert.Equal(plan.Request.Tags, recorded.Request.Tags);
        }

        // A fresh read of the file (as the next run does) replays it.
        var reread = StateFile.Read(Path.Combine(_directory, "state.json"));
        Assert.Equal(plan.Request.ClientToken, Assert.Single(reread.Launches).Request!.ClientToken);
        Assert.Equal(2, reread.Launches[0].Request!.Count);
    }

    [Fact]
    public async Task IdempotentParameterMismatch_KeepsTheToken_ForALaunchWithItExists()
    {
        var (state, plan) = await PlanAsync(1);
        using (state)
        {
            _ec2.NextRunInstancesError = new AmazonServiceException("mismatch") { ErrorCode = "IdempotentParameterMismatch", StatusCode = HttpStatusCode.BadRequest };

            await Assert.ThrowsAsync<AmazonServiceException>(() => Applier(state).ApplyAsync(plan, null, CancellationToken.None));

            Assert.Single(state.Current.Launches);
        }
    }

    [Fact]
    public async Task ARequestEc2Refused_ForgetsItsToken()
    {
        var (state, plan) = await PlanAsync(1);
        using (state)
        {
            _ec2.NextRunInstancesError = new AmazonServiceException("no") { ErrorCode = "InvalidAMIID.NotFound", StatusCode = HttpStatusCode.BadRequest };

            await Assert.ThrowsAsync<AmazonServiceException>(() => Applier(state).ApplyAsync(plan, null, CancellationToken.None));

            Assert.Empty(state.Current.Launches);
        }
    }

    [Fact]
    public async Task InsufficientInstanceCapacity_AlthoughA500_ForgetsTheRequest_SoARerunSendsWhatIsAskedThen()
    {
        var (state, plan) = await PlanAsync(1);
        using (state)
        {
            _ec2.NextRunInstancesError = new AmazonServiceException("no capacity") { ErrorCode = "InsufficientInstanceCapacity", StatusCode = HttpStatusCode.InternalServerError };

            await Assert.ThrowsAsync<AmazonServiceException>(() => Applier(state).ApplyAsync(plan, null, CancellationToken.None));

            Assert.Empty(state.Current.Launches);
        }
    }

    [Fact]
    public async Task ALowerCount_TerminatesTheNewest_AndForgetsThem_WithTheirPlanAddresses()
    {
        var tags = ManagedTags.ForInstance(Role.ToString());
        _ec2.Add("i-1", "running", tags);
        _ec2.Add("i-2", "running", tags);
        var seed = StateDocument.Empty with { Launches = [new LaunchRecord("t", Role.ToString(), "us-east-1", 2, ["i-1", "i-2"], DateTimeOffset.UnixEpoch)] };
        var (state, plan) = await PlanAsync(1, seed);
        using (state)
        {
            await Applier(state).ApplyAsync(plan, TimeSpan.FromMinutes(1), CancellationToken.None);

            Assert.Equal("terminated", _ec2.StateOf("i-2"));
            Assert.Equal("running", _ec2.StateOf("i-1"));
            Assert.Equal(["i-1"], Assert.Single(state.Current.Launches).InstanceIds);
            Assert.Contains("aws_instance.this[1]: Destroying... [id=i-2]", _progress.Lines);
        }
    }
}
