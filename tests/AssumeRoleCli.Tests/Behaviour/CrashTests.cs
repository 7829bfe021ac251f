using Amazon.EC2.Model;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Behaviour;

/// <summary>
/// kill -9 at each step boundary (the proxy holds the step's AWS call in flight, AWS carries it out, then the process
/// dies), then the same command again and teardown: no duplicate role or instance, nothing left, and the lock file the
/// killed run left behind never blocks the next one.
/// </summary>
public sealed class CrashTests : IClassFixture<MotoSandbox>
{
    private readonly MotoSandbox _sandbox;

    public CrashTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    /// <param name="setUp">Commands run to completion before the one that is killed.</param>
    /// <param name="killed">The command killed while <paramref name="heldAction"/> is in flight.</param>
    [Theory]
    [InlineData("", "create-role", "AttachRolePolicy")]
    [InlineData("create-role", "launch-instance", "RunInstances")]
    [InlineData("create-role", "launch-instance", "DescribeInstances")]
    [InlineData("create-role launch-instance", "teardown", "TerminateInstances")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public Task KilledMidStep_TheSameCommandAgain_ThenTeardown_LeavesNoDuplicateAndNothingBehind(string setUp, string killed, string heldAction) =>
        KilledMidStepAsync(_sandbox, setUp, killed, heldAction);

    /// <summary>The test itself, shared with <see cref="CrashDuringDetachTests"/>.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    internal static async Task KilledMidStepAsync(MotoSandbox sandbox, string setUp, string killed, string heldAction)
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        aws.Add(new TrustPolicyCheck());
        using var idempotency = aws.Add(new ClientTokenIdempotency());
        var world = aws.World!;
        var environment = new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = world.CredentialsFile,
            ["AWS_CONFIG_FILE"] = world.ConfigFile,
            ["AWS_ENDPOINT_URL"] = aws.EndpointUrl,
        };
        var log = new List<CommandOutcome>();
        async Task<int> Run(string command)
        {
            var outcome = await CliProcess.RunAsync(world.Directory, environment, command, "--auto-approve");
            log.Add(outcome);
            return outcome.ExitCode;
        }

        foreach (var command in setUp.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(await Run(command) == 0, string.Join("\n", log));
        }

        // AWS carries the held call out; its answer never reaches the process, which dies meanwhile.
        // launch-instance's DescribeInstances held is the wait's (by instance id), after the plan's search by tag.
        var waitOnly = heldAction == "DescribeInstances";
        var hold = aws.Add(new InjectedFault(FaultKind.SlowAnswer, 1, heldAction)
        {
            Delay = TimeSpan.FromSeconds(60),
            When = waitOnly ? call => call.Parameters.Values.Contains("instance-id") : null,
        });
        var forwardedBefore = aws.Requests.Forwarded(heldAction) + (waitOnly ? 1 : 0);
        using (var cli = CliProcess.Start(world.Directory, environment, killed, "--auto-approve"))
        {
            await CliProcess.UntilAsync(
                () => hold.Remaining == 0 && aws.Requests.Forwarded(heldAction) > forwardedBefore, TimeSpan.FromMinutes(1), $"{heldAction} to reach AWS");
            await cli.SignalAsync("KILL");
            var dead = await cli.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(137, dead.ExitCode);
        }

        aws.Remove(hold);

        Assert.True(await Run(killed) == 0, string.Join("\n", log));
        if (killed == "launch-instance")
        {
            // The rerun found what the killed run launched: one instance, not two.
            using var admin = world.DestinationAdminEc2();
            Assert.Single(await LiveInstancesAsync(admin));
            Assert.Contains("No changes.", log[^1].Stdout, StringComparison.Ordinal);
        }

        if (killed != "teardown")
        {
            Assert.True(await Run("teardown") == 0, string.Join("\n", log));
        }

        using var ec2 = world.DestinationAdminEc2();
        Assert.Empty(await LiveInstancesAsync(ec2));
        Assert.Null(await new CommandRunner(world).DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
        Assert.Empty(StateFile.Read(Path.Combine(world.Directory, "assumerole.state.json")).Roles);
        Assert.Empty(aws.RuleFailures);
    }

    private static async Task<List<string>> LiveInstancesAsync(Amazon.EC2.AmazonEC2Client ec2) =>
        (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = [new Filter("instance-state-name", ["pending", "running", "stopping", "stopped"])],
        })).Reservations?.SelectMany(r => r.Instances).Select(i => i.InstanceId).ToList() ?? [];
}

/// <summary>
/// <see cref="CrashTests"/>' DetachRolePolicy case, in a class (so an xunit collection) of its own: its rerun of teardown
/// waits ~2 min for the role's lost EC2 rights to "propagate" before it looks with the destination profile, and beside
/// the other cases instead of after them that wait no longer lengthens the run.
/// </summary>
public sealed class CrashDuringDetachTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    [Theory]
    [InlineData("create-role launch-instance", "teardown", "DetachRolePolicy")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public Task KilledMidStep_TheSameCommandAgain_ThenTeardown_LeavesNoDuplicateAndNothingBehind(string setUp, string killed, string heldAction) =>
        CrashTests.KilledMidStepAsync(sandbox, setUp, killed, heldAction);
}
