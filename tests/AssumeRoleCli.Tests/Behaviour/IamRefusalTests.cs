using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Behaviour;

/// <summary>
/// IAM's refusals on real AWS that moto never gives, through the AWS-behaviour proxy: what a failure after CreateRole
/// (or RunInstances) leaves recorded, a state file that cannot be saved, a trusted principal IAM does not know yet,
/// and throttling that outlasts the SDK's default attempts.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class IamRefusalTests
{
    private readonly MotoSandbox _sandbox;

    public IamRefusalTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    private static string RoleArnIn(TwoAccountWorld world) => $"arn:aws:iam::{world.DestinationAccountId}:role/assume_role";

    [Fact]
    public async Task AttachRolePolicyRefused_AfterCreateRole_TheStateRecordsTheRole_ARerunAndTeardownFindIt()
    {
        using var aws = _sandbox.Proxy.OpenScope(_sandbox.LeaseWorld());
        var run = new CommandRunner(aws.World!);
        var refused = aws.Add(RefusedCall.AccessDenied("iam", "AttachRolePolicy"));

        var outcome = await run.RunAsync("create-role", "--auto-approve");

        Assert.True(outcome.ExitCode == ExitCodes.Failure, outcome.ToString());
        Assert.Contains("AccessDenied", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Apply complete!", outcome.Stdout, StringComparison.Ordinal);
        Assert.Equal(RoleArnIn(run.World), Assert.Single(StateFile.Read(run.StatePath).Roles).Arn);

        aws.Remove(refused);
        var rerun = await run.RunAsync("create-role", "--auto-approve");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("Plan: 0 to add, 1 to change, 0 to destroy.", rerun.Stdout, StringComparison.Ordinal);
        var teardown = await run.RunAsync("teardown", "--auto-approve");
        Assert.True(teardown.ExitCode == 0, teardown.ToString());
        Assert.Null(await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
        Assert.Empty(StateFile.Read(run.StatePath).Roles);
    }

    [Fact]
    public async Task AttachRolePolicyRefused_AfterCreateRole_TeardownAloneRemovesTheRole()
    {
        using var aws = _sandbox.Proxy.OpenScope(_sandbox.LeaseWorld());
        var run = new CommandRunner(aws.World!);
        aws.Add(RefusedCall.AccessDenied("iam", "AttachRolePolicy"));
        var outcome = await run.RunAsync("create-role", "--auto-approve");
        Assert.True(outcome.ExitCode == ExitCodes.Failure, outcome.ToString());
        Assert.Equal(RoleArnIn(run.World), Assert.Single(StateFile.Read(run.StatePath).Roles).Arn);

        var teardown = await run.RunAsync("teardown", "--auto-approve");

        Assert.True(teardown.ExitCode == 0, teardown.ToString());
        Assert.Null(await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
        Assert.Empty(StateFile.Read(run.StatePath).Roles);
    }

    [Fact]
    public async Task AStateFileThatCannotBeSaved_AfterCreateRole_FailsNamingTheRole_AndNeverSaysApplyComplete()
    {
        using var aws = _sandbox.Proxy.OpenScope(_sandbox.LeaseWorld());
        var run = new CommandRunner(aws.World!);
        var folder = Path.Combine(run.World.Directory, $"state-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var statePath = Path.Combine(folder, "assumerole.state.json");

        // The state's folder vanishes the moment IAM has made the role (a disk unmounted, a cleanup job): the save fails.
        aws.Add(new AfterAnswer("CreateRole", _ => Directory.Delete(folder, recursive: true)));
        var outcome = await run.RunAsync("create-role", "--auto-approve", "--state", statePath);

        Assert.True(outcome.ExitCode == ExitCodes.Failure, outcome.ToString());
        Assert.DoesNotContain("Apply complete!", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("role_arn", outcome.Stdout, StringComparison.Ordinal);
        var error = Assert.Single(outcome.Stderr.Split('\n'), l => l.StartsWith("Error: ", StringComparison.Ordinal));
        Assert.Contains($"Could not save state file {statePath}", error, StringComparison.Ordinal);
        Assert.Contains($"role assume_role ({RoleArnIn(run.World)}) exists in AWS, but the state file does not record it", error, StringComparison.Ordinal);

        // Once the state can be saved, a rerun finds the role and records it.
        Directory.CreateDirectory(folder);
        var rerun = await run.RunAsync("create-role", "--auto-approve", "--state", statePath);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(RoleArnIn(run.World), Assert.Single(StateFile.Read(statePath).Roles).Arn);
    }

    [Fact]
    public async Task AFailureAfterRunInstancesAnswered_LeavesTheInstanceRecorded_AndTeardownRemovesIt()
    {
        using var aws = _sandbox.Proxy.OpenScope(_sandbox.LeaseWorld());
        var run = new CommandRunner(aws.World!);
        var created = await run.RunAsync("create-role", "--auto-approve");
        Assert.True(created.ExitCode == 0, created.ToString());

        // EC2 stops answering the moment RunInstances has: the wait for "running" fails.
        InjectedFault? broken = null;
        aws.Add(new AfterAnswer("RunInstances", _ => broken = aws.Add(InjectedFault.InternalFailure(100, "DescribeInstances"))));
        var outcome = await run.RunAsync("launch-instance", "--auto-approve");

        Assert.True(outcome.ExitCode == ExitCodes.Failure, outcome.ToString());
        Assert.DoesNotContain("Apply complete!", outcome.Stdout, StringComparison.Ordinal);
        var recorded = Assert.Single(Assert.Single(StateFile.Read(run.StatePath).Launches).InstanceIds);
        Assert.StartsWith("i-", recorded, StringComparison.Ordinal);

        aws.Remove(broken!);
        var teardown = await run.RunAsync("teardown", "--auto-approve");
        Assert.True(teardown.ExitCode == 0, teardown.ToString());
        Assert.Contains(recorded, teardown.Stderr + teardown.Stdout, StringComparison.Ordinal);
        Assert.Empty(StateFile.Read(run.StatePath).Launches);
    }

    [Fact]
    public async Task ATrustedPrincipalIamDoesNotKnowYet_IsWaitedFor_WithOneNote_ThenTheRoleIsCreated()
    {
        using var aws = _sandbox.Proxy.OpenScope(_sandbox.LeaseWorld());
        var run = new CommandRunner(aws.World!);
        var principal = run.World.SourceUserArn;
        var unknown = aws.Add(new UnknownPrincipal(principal, TimeSpan.FromSeconds(2)));

        var outcome = await run.RunAsync("create-role", "--auto-approve", "--trusted-principal", principal);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.True(unknown.Refused >= 1, aws.Requests.ToString());
        Assert.Single(outcome.Stderr.Split('\n'), l => l.Contains("IAM does not know a principal of the trust policy yet", StringComparison.Ordinal));
        var role = await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None);
        Assert.Contains(principal, role!.TrustPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IamThrottlingBeyondTheSdkDefaultAttempts_IsRetried_AndCreateRoleSucceeds()
    {
        using var aws = _sandbox.Proxy.OpenScope(_sandbox.LeaseWorld());
        var run = new CommandRunner(aws.World!);
        var throttling = aws.Add(InjectedFault.Throttling(4, "CreateRole"));

        var outcome = await run.RunAsync("create-role", "--auto-approve");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal(0, throttling.Remaining);
        Assert.Equal(5, aws.Requests.Received("CreateRole"));
    }

    [Fact]
    public async Task TagRole_ConcurrentModificationAndThrottling_AreRetriedLikeEveryIamWrite_AndTheNewExpiryIsSet()
    {
        using var aws = _sandbox.Proxy.OpenScope(_sandbox.LeaseWorld());
        var run = new CommandRunner(aws.World!);
        Assert.True((await run.RunAsync("create-role", "--auto-approve")).ExitCode == 0);
        var conflict = aws.Add(InjectedFault.ConcurrentModification(2, "TagRole"));
        var throttling = aws.Add(InjectedFault.Throttling(4, "TagRole"));

        var outcome = await run.RunAsync("create-role", "--auto-approve", "--ttl", "2h"); // the role exists: its expiry is a TagRole

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal((0, 0), (conflict.Remaining, throttling.Remaining));
        Assert.Equal(7, aws.Requests.Received("TagRole"));
        var role = await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None);
        Assert.True(role!.Tags.ContainsKey(ManagedTags.ExpiresAtKey), string.Join(", ", role.Tags));
    }

    [Fact]
    public async Task UpdateRole_ConcurrentModification_IsRetried_AndTheNewMaxSessionDurationIsSet()
    {
        using var aws = _sandbox.Proxy.OpenScope(_sandbox.LeaseWorld());
        var run = new CommandRunner(aws.World!);
        Assert.True((await run.RunAsync("create-role", "--auto-approve")).ExitCode == 0);
        var conflict = aws.Add(InjectedFault.ConcurrentModification(2, "UpdateRole"));

        var outcome = await run.RunAsync("create-role", "--auto-approve", "--max-session-duration", "7200");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal(0, conflict.Remaining);
        Assert.Equal(3, aws.Requests.Received("UpdateRole"));
        Assert.Equal(7200, (await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None))!.MaxSessionDurationSeconds);
    }

    [Fact]
    public async Task OtherIamFailures_KeepTheSdkDefaultAttempts_SoABrokenEndpointStillFailsFast()
    {
        using var aws = _sandbox.Proxy.OpenScope(_sandbox.LeaseWorld());
        var run = new CommandRunner(aws.World!);
        aws.Add(InjectedFault.InternalFailure(100, "CreateRole"));

        var outcome = await run.RunAsync("create-role", "--auto-approve");

        Assert.True(outcome.ExitCode == ExitCodes.Failure, outcome.ToString());
        Assert.Equal(3, aws.Requests.Received("CreateRole"));
    }
}
