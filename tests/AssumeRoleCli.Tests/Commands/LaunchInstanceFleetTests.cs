using Amazon.EC2.Model;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// launch-instance's fleet as AWS holds it: counted by our tags whatever the state file remembers, launched once a
/// just-made role's policy reaches RunInstances, and a refused launch not replayed in place of a corrected one.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class LaunchInstanceFleetTests(MotoSandbox sandbox)
{
    private static async Task<List<Instance>> LiveInstancesAsync(TwoAccountWorld world)
    {
        using var ec2 = world.DestinationAdminEc2();
        var response = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = [new Filter("instance-state-name", ["pending", "running"])],
        });
        return response.Reservations?.SelectMany(r => r.Instances).ToList() ?? [];
    }

    [Fact]
    public async Task ALostStateFile_RerunWithTheSameCount_LaunchesNothing()
    {
        var world = sandbox.LeaseWorld();
        Assert.Equal(0, (await new CommandRunner(world).RunAsync("create-role", "--auto-approve")).ExitCode);
        var roleArn = $"arn:aws:iam::{world.DestinationAccountId}:role/assume_role";
        var first = await new CommandRunner(world, world.CredentialsFileWithoutDestination).RunAsync(
            "launch-instance", "--auto-approve", "--no-wait", "--count", "2", "--role-arn", roleArn);
        Assert.True(first.ExitCode == 0, first.ToString());

        // Another folder, or the state file deleted: a state that records nothing.
        var elsewhere = new CommandRunner(world, world.CredentialsFileWithoutDestination);
        var again = await elsewhere.RunAsync("launch-instance", "--auto-approve", "--no-wait", "--count", "2", "--role-arn", roleArn);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("No changes.", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("Counting 2 instance(s) of assume_role in us-east-1 that this state file does not record", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, (await LiveInstancesAsync(world)).Count);
        Assert.Empty(StateFile.Read(elsewhere.StatePath).Launches);

        // One more wanted there: one more launched, numbered after the two found.
        var more = await elsewhere.RunAsync("launch-instance", "--auto-approve", "--no-wait", "--count", "3", "--role-arn", roleArn);
        Assert.True(more.ExitCode == 0, more.ToString());
        Assert.Contains("Plan: 1 to add, 0 to change, 0 to destroy.", more.Stdout, StringComparison.Ordinal);
        Assert.Contains("aws_instance.this[2] will be created", more.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, (await LiveInstancesAsync(world)).Count);
    }

    [Fact]
    public async Task RunInstancesRefusedWhileANewRolesPolicyPropagates_IsWaitedOut_AndLaunchesOnce()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        aws.Add(new TrustPolicyCheck());
        using var idempotency = aws.Add(new ClientTokenIdempotency());

        // Real AWS: the role's Describe calls already pass while RunInstances still answers UnauthorizedOperation.
        // Two refusals, then it passes: ended by count, not a 3 s window a loaded machine's first call could miss.
        aws.Add(new IamPropagationDelay(TimeSpan.FromMinutes(10))
        {
            GetRoleWindow = TimeSpan.Zero,
            AssumeRoleWindow = TimeSpan.Zero,
            Ec2Actions = new HashSet<string>(StringComparer.Ordinal) { "RunInstances" },
            Ec2Refusals = 2,
        });
        var cli = new CommandRunner(aws.World!, rolePropagationGrace: TimeSpan.FromSeconds(60));

        var created = await cli.RunAsync("create-role", "--auto-approve");
        var launched = await cli.RunAsync("launch-instance", "--auto-approve", "--no-wait");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(launched.ExitCode == 0, launched.ToString());
        Assert.Contains("Waiting for role assume_role to become usable", launched.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, aws.Requests.Received("RunInstances")); // two refused, then the one launch
        Assert.Single(await LiveInstancesAsync(aws.World!));
        Assert.Single(Assert.Single(StateFile.Read(cli.StatePath).Launches).InstanceIds);
        Assert.Empty(aws.RuleFailures);
    }

    [Fact]
    public async Task AfterInsufficientInstanceCapacity_TheRerunLaunchesWhatIsAskedNow_NotTheRefusedRequest()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        using var idempotency = aws.Add(new ClientTokenIdempotency());
        var cli = new CommandRunner(aws.World!);
        Assert.Equal(0, (await cli.RunAsync("create-role", "--auto-approve")).ExitCode);

        // Beyond the SDK's attempts: EC2 has no t3.micro capacity, and launches nothing.
        var noCapacity = aws.Add(new InjectedFault(FaultKind.InsufficientInstanceCapacity, 10, "RunInstances"));
        var refused = await cli.RunAsync("launch-instance", "--auto-approve", "--no-wait", "--instance-type", "t3.micro");
        aws.Remove(noCapacity);

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("InsufficientInstanceCapacity", refused.Stderr, StringComparison.Ordinal);
        Assert.Empty(StateFile.Read(cli.StatePath).Launches);

        var rerun = await cli.RunAsync("launch-instance", "--auto-approve", "--no-wait", "--instance-type", "t2.micro");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.DoesNotContain("interrupted launch", rerun.Stderr, StringComparison.Ordinal);
        var instance = Assert.Single(await LiveInstancesAsync(aws.World!));
        Assert.Equal("t2.micro", instance.InstanceType.Value);
        Assert.Empty(aws.RuleFailures);
    }
}
