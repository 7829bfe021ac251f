using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Behaviour;

/// <summary>
/// How many AWS requests each command sends (its budget, README "Performance"), that --count 100 costs what --count 1
/// costs, and that independent calls go out together: with a fixed delay per call, the proxy's timeline shows each
/// command's critical path, the longest chain of requests each sent only after the one before it was answered, and
/// that is the documented number of dependent round trips. No wall time is measured: a loaded machine stretches
/// wall time, never the chain.
/// </summary>
[Collection(MotoAloneCollection.Name)]
public sealed class RoundTripBudgetTests(MotoSandbox sandbox)
{
    /// <summary>Far longer than the moment between two calls sent together, so those never chain.</summary>
    private static readonly TimeSpan DelayPerCall = TimeSpan.FromMilliseconds(400);

    /// <summary>Runs one command through its own proxy scope (so its counts are its own) on the world and state given.</summary>
    private async Task<(RequestCounts Requests, RequestTimeline Timeline)> RunAsync(TwoAccountWorld world, string statePath, TimeSpan latency, params string[] args)
    {
        using var aws = sandbox.Proxy.OpenScope(world);
        aws.Latency = latency;
        var outcome = await new CommandRunner(aws.World!).RunAsync([.. args, "--auto-approve", "--state", statePath]);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        return (aws.Requests, aws.Timeline);
    }

    private static string NewStatePath(TwoAccountWorld world) => Path.Combine(world.Directory, $"state-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task TheTutorialIsAtMost19Requests_AndEachCommandTakesItsCriticalPath()
    {
        var world = sandbox.LeaseWorld();

        // The budgets; this first run also warms everything up, so that calls sent together leave together.
        var state = NewStatePath(world);
        var (created, _) = await RunAsync(world, state, TimeSpan.Zero, "create-role");
        var (rerun, _) = await RunAsync(world, state, TimeSpan.Zero, "create-role");
        var (launched, _) = await RunAsync(world, state, TimeSpan.Zero, "launch-instance");
        var (destroyed, _) = await RunAsync(world, state, TimeSpan.Zero, "teardown");

        // create-role asks the source and the destination who they are, alongside GetRole: its plan names the
        // destination's account (issue 18), one request more and no round trip more.
        Assert.True(created.Total <= 5, created.ToString());
        Assert.Equal((2, 0, 1, 1), (created.Received("GetCallerIdentity"), created.Received("GetPolicy"), created.Received("CreateRole"), created.Received("AttachRolePolicy")));
        Assert.True(rerun.Total <= 5, rerun.ToString());
        Assert.Equal((2, 0), (rerun.Received("GetCallerIdentity"), rerun.Received("CreateRole")));
        Assert.True(launched.Total <= 5, launched.ToString());
        Assert.Equal((0, 1, 1), (launched.Received("GetCallerIdentity"), launched.Received("AssumeRole"), launched.Received("RunInstances")));
        Assert.True(destroyed.Total <= 9, destroyed.ToString());
        Assert.Equal((0, 1, 1, 1), (destroyed.Received("GetCallerIdentity"), destroyed.Received("ListAttachedRolePolicies"), destroyed.Received("TerminateInstances"), destroyed.Received("DeleteRole")));
        Assert.Equal((0, 0), (destroyed.Received("ListRolePolicies"), destroyed.Received("ListInstanceProfilesForRole")));
        Assert.True(created.Total + launched.Total + destroyed.Total <= 19, $"{created}; {launched}; {destroyed}");

        // The critical paths (README "Performance"), with a delay on every call.
        state = NewStatePath(world);
        var (_, create) = await RunAsync(world, state, DelayPerCall, "create-role");
        var (_, recreate) = await RunAsync(world, state, DelayPerCall, "create-role");
        var (_, launch) = await RunAsync(world, state, DelayPerCall, "launch-instance");
        var (secondLaunch, launchMore) = await RunAsync(world, state, DelayPerCall, "launch-instance", "--count", "2");
        var (_, teardown) = await RunAsync(world, state, DelayPerCall, "teardown");

        // GetCallerIdentity (source) ∥ GetCallerIdentity (destination) ∥ GetRole → CreateRole → AttachRolePolicy.
        AssertPath(create, 3, "CreateRole", "AttachRolePolicy");
        // GetCallerIdentity (source) ∥ GetCallerIdentity (destination) ∥ GetRole → ListAttachedRolePolicies ∥ GetRolePolicy.
        AssertPath(recreate, 2);
        // The role's instances are searched by tag at the same time as the images (5 calls, still 4 round trips): either
        // of the two, answered together, may stand second on the path.
        AssertLaunchPath(launch);
        Assert.Equal(5, secondLaunch.Total);
        AssertLaunchPath(launchMore);
        // GetRole → ListAttachedRolePolicies ∥ GetRolePolicy ∥ AssumeRole → DescribeInstances, then one after the other.
        AssertPath(teardown, 6, "TerminateInstances", "DescribeInstances", "DetachRolePolicy", "DeleteRole");
    }

    [Fact]
    public async Task Count100CostsWhatCount1Costs_ForLaunchAndTeardown()
    {
        var world = sandbox.LeaseWorld();
        var state = NewStatePath(world);
        await RunAsync(world, state, TimeSpan.Zero, "create-role");

        var (one, _) = await RunAsync(world, state, TimeSpan.Zero, "launch-instance");
        var (teardownOne, _) = await RunAsync(world, state, TimeSpan.Zero, "teardown", "--keep-role");
        var (hundred, _) = await RunAsync(world, state, TimeSpan.Zero, "launch-instance", "--count", "100");
        var (teardownHundred, _) = await RunAsync(world, state, TimeSpan.Zero, "teardown", "--keep-role");

        Assert.Equal(one.ToString(), hundred.ToString());
        Assert.Equal(teardownOne.ToString(), teardownHundred.ToString());
    }

    /// <summary>AssumeRole → DescribeImages ∥ DescribeInstances (by tag) → RunInstances → DescribeInstances.</summary>
    private static void AssertLaunchPath(RequestTimeline timeline)
    {
        AssertPath(timeline, 4, "RunInstances", "DescribeInstances");
        Assert.Equal("AssumeRole", timeline.CriticalPath[0]);
        Assert.Contains(timeline.CriticalPath[1], new[] { "DescribeImages", "DescribeInstances" });
    }

    /// <summary>The critical path has <paramref name="roundTrips"/> requests and ends with <paramref name="last"/>.</summary>
    private static void AssertPath(RequestTimeline timeline, int roundTrips, params string[] last)
    {
        var path = timeline.CriticalPath;
        var message = $"critical path: {string.Join(" → ", path)}; requests: {timeline}";
        Assert.True(path.Count == roundTrips, message);
        Assert.True(path.TakeLast(last.Length).SequenceEqual(last), message);
    }
}
