using Amazon.EC2.Model;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Behaviour;

/// <summary>
/// What real AWS does and moto does not, through the tests' AWS-behaviour proxy, against each command: every fault ends
/// either done or with one clear error after which a rerun completes, teardown then completes, and the destination
/// admin sees no role and no live instance left. The proxy always checks trust policies, max session durations and
/// RunInstances client tokens as AWS does.
/// </summary>
public sealed class AwsBehaviourMatrixTests : IClassFixture<MotoSandbox>
{
    private static readonly Dictionary<string, string[]> ChangingActions = new(StringComparer.Ordinal)
    {
        ["create-role"] = ["CreateRole", "AttachRolePolicy"],
        ["launch-instance"] = ["RunInstances"],
        ["teardown"] = ["TerminateInstances", "DetachRolePolicy", "DeleteRole"],
    };

    private static readonly Dictionary<string, Func<string, AwsBehaviourRule[]>> Faults = new(StringComparer.Ordinal)
    {
        ["iam-propagation"] = _ => [new IamPropagationDelay(TimeSpan.FromSeconds(4))],
        ["stale-list-and-delete-conflict"] = _ => [new StaleAttachedPolicies(TimeSpan.FromSeconds(6)), new DeleteConflictAfterDetach(TimeSpan.FromSeconds(3))],
        ["concurrent-modification"] = _ => [InjectedFault.ConcurrentModification(2, "CreateRole", "AttachRolePolicy", "DetachRolePolicy", "DeleteRole")],
        ["throttling"] = _ => [InjectedFault.Throttling(2)],
        ["internal-failure-retried"] = _ => [InjectedFault.InternalFailure(2)],
        ["service-unavailable-beyond-retries"] = command => [InjectedFault.ServiceUnavailable(4, ChangingActions[command])],
        ["connection-reset"] = _ => [InjectedFault.ConnectionReset(1)],
        ["reset-after-aws-acted"] = command => [new InjectedFault(FaultKind.ConnectionResetAfterForwarding, 1, ChangingActions[command])],
    };

    /// <summary>
    /// One world per command, reused by its cases one after another (a theory's cases run in sequence): every case
    /// ends with nothing left in the destination account, which is what it asserts.
    /// </summary>
    private static readonly Dictionary<string, TwoAccountWorld> WorldPerCommand = new(StringComparer.Ordinal);

    private readonly MotoSandbox _sandbox;

    public AwsBehaviourMatrixTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var command in ChangingActions.Keys)
        {
            foreach (var fault in Faults.Keys)
            {
                cases.Add(command, fault);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachFault_EndsDoneOrWithOneClearError_ARerunCompletes_AndNothingIsLeft(string command, string fault)
    {
        TwoAccountWorld world;
        lock (WorldPerCommand)
        {
            world = WorldPerCommand.TryGetValue(command, out var leased) ? leased : WorldPerCommand[command] = _sandbox.LeaseWorld();
        }

        using var aws = _sandbox.Proxy.OpenScope(world);
        aws.Add(new TrustPolicyCheck());
        aws.Add(new MaxSessionDurationCheck());
        using var idempotency = aws.Add(new ClientTokenIdempotency());
        var cli = new CommandRunner(aws.World!, rolePropagationGrace: TimeSpan.FromSeconds(30));
        var log = new List<CommandOutcome>();

        async Task<CommandOutcome> Run(params string[] args)
        {
            var outcome = await cli.RunAsync([.. args, "--auto-approve"]);
            log.Add(outcome);
            return outcome;
        }

        var rules = Faults[fault](command);
        var beforeCreate = fault == "iam-propagation";
        if (beforeCreate)
        {
            Array.ForEach(rules, r => aws.Add(r));
        }

        if (command != "create-role")
        {
            Assert.True((await Run("create-role")).ExitCode == 0, string.Join("\n", log));
        }

        if (command == "teardown")
        {
            Assert.True((await Run("launch-instance")).ExitCode == 0, string.Join("\n", log));
        }

        if (!beforeCreate)
        {
            Array.ForEach(rules, r => aws.Add(r));
        }

        var faulted = await Run(command);
        Array.ForEach(rules, aws.Remove);
        if (faulted.ExitCode != 0)
        {
            Assert.Equal(1, faulted.ExitCode);
            var lines = faulted.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines, l => l.StartsWith("Error: ", StringComparison.Ordinal));
            Assert.StartsWith("Error: ", lines[^1], StringComparison.Ordinal);
            Assert.DoesNotContain("(a bug", faulted.Stderr, StringComparison.Ordinal);
            Assert.True((await Run(command)).ExitCode == 0, string.Join("\n", log));
        }

        if (command != "teardown" || faulted.ExitCode != 0)
        {
            var teardown = await Run("teardown");
            Assert.True(teardown.ExitCode == 0, string.Join("\n", log));
        }

        Assert.Null(await cli.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
        using var ec2 = aws.World!.DestinationAdminEc2();
        var live = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = [new Filter("instance-state-name", ["pending", "running", "stopping", "stopped"])],
        })).Reservations?.SelectMany(r => r.Instances).ToList() ?? [];
        Assert.True(live.Count == 0, $"left running: {string.Join(", ", live.Select(i => i.InstanceId))}\n{string.Join("\n", log)}");
        Assert.True(idempotency.Replayed >= 0);
        Assert.Empty(aws.RuleFailures);
    }
}
