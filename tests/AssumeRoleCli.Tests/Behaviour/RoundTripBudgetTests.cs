using System.Diagnostics;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Behaviour;

/// <summary>
/// How many AWS requests each command sends (its budget, README "Performance"), that --count 100 costs what --count 1
/// costs, and that independent calls go out together: with a fixed delay per call, a command's wall time stays
/// within its critical path of dependent round trips.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class RoundTripBudgetTests(MotoSandbox sandbox)
{
    /// <summary>Runs one command through its own proxy scope (so its counts are its own) on the world and state given.</summary>
    private async Task<(CommandOutcome Outcome, RequestCounts Requests, TimeSpan Wall)> RunAsync(
        TwoAccountWorld world, string statePath, TimeSpan latency, params string[] args)
    {
        using var aws = sandbox.Proxy.OpenScope(world);
        aws.Latency = latency;
        var cli = new CommandRunner(aws.World!);
        var stopwatch = Stopwatch.StartNew();
        var outcome = await cli.RunAsync([.. args, "--auto-approve", "--state", statePath]);
        stopwatch.Stop();
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        return (outcome, aws.Requests, stopwatch.Elapsed);
    }

    private static string NewStatePath(TwoAccountWorld world) => Path.Combine(world.Directory, $"state-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task LaunchIsAtMost4Requests_TeardownAtMost9_AndCount100CostsWhatCount1Costs()
    {
        var world = sandbox.LeaseWorld();
        var state = NewStatePath(world);
        await RunAsync(world, state, TimeSpan.Zero, "create-role");

        var (_, one, _) = await RunAsync(world, state, TimeSpan.Zero, "launch-instance");
        Assert.True(one.Total <= 4, one.ToString());
        Assert.Equal(0, one.Received("GetCallerIdentity"));
        Assert.Equal(1, one.Received("AssumeRole"));
        Assert.Equal(1, one.Received("RunInstances"));
        var (_, teardownOne, _) = await RunAsync(world, state, TimeSpan.Zero, "teardown", "--keep-role");

        var (_, hundred, _) = await RunAsync(world, state, TimeSpan.Zero, "launch-instance", "--count", "100");
        Assert.Equal(one.ToString(), hundred.ToString());
        var (_, teardownHundred, _) = await RunAsync(world, state, TimeSpan.Zero, "teardown", "--keep-role");
        Assert.Equal(teardownOne.ToString(), teardownHundred.ToString());

        await RunAsync(world, state, TimeSpan.Zero, "launch-instance");
        var (_, teardown, _) = await RunAsync(world, state, TimeSpan.Zero, "teardown");
        Assert.True(teardown.Total <= 9, teardown.ToString());
        Assert.Equal(1, teardown.Received("GetCallerIdentity"));
        Assert.Equal(1, teardown.Received("TerminateInstances"));
        Assert.Equal(1, teardown.Received("DeleteRole"));
    }

    [Fact]
    public async Task WithADelayPerCall_LaunchTakesItsCriticalPath_NotTheSumOfItsCalls()
    {
        var delay = TimeSpan.FromSeconds(1);
        var slack = delay * 0.8; // less than one round trip: one call too many on the path fails the test
        var world = sandbox.LeaseWorld();
        var state = NewStatePath(world);
        await RunAsync(world, state, TimeSpan.Zero, "create-role");
        await RunAsync(world, state, TimeSpan.Zero, "launch-instance");

        // A second instance: AssumeRole, then DescribeImages with DescribeInstances (the recorded one) at once,
        // RunInstances, and after the first poll's 1 s DescribeInstances: 4 round trips of the 5 calls.
        var (_, launch, launchWall) = await RunAsync(world, state, delay, "launch-instance", "--count", "2");
        Assert.Equal(5, launch.Total);
        Assert.InRange(launchWall, delay * 4 + Poller1s, delay * 4 + Poller1s + slack);

        // Teardown's 9 calls: its wall time is not yet held to its 7-round-trip critical path (README "Performance").
        var (_, teardown, _) = await RunAsync(world, state, delay, "teardown");
        Assert.Equal(9, teardown.Total);
    }

    private static TimeSpan Poller1s => AssumeRoleCli.Provisioning.Poller.FirstDelay;
}
