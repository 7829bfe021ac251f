using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// create-role --allowed-instance-types against moto: the guardrail is in the scoped policy the plan shows and IAM
/// stores, recorded in the state file, and launch-instance refuses another type before asking AWS anything. (Whether
/// AWS refuses it is ManagedInstancesPolicySimulationTests' question: moto evaluates no condition.)
/// </summary>
public sealed class AllowedInstanceTypesTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    [Fact]
    public async Task TheTypes_AreAnInstanceTypeConditionInThePlanAndInIam_AndRecorded_AndAnotherTypeIsRefusedBeforeAssumeRole()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var assumeRoles = aws.Add(new RecordCalls("AssumeRole"));
        var run = new CommandRunner(aws.World!);
        var role = RoleArn.For("aws", run.World.DestinationAccountId, "assume_role");
        string[] createRole = ["create-role", "--scope", "managed-instances", "--allowed-instance-types", "t3.small,t3.micro"];

        var planned = await run.RunAsync([.. createRole, "--dry-run"]);
        var created = await run.RunAsync([.. createRole, "--auto-approve"]);

        Assert.True(planned.ExitCode == 0, planned.ToString());
        Assert.Contains("\"ec2:InstanceType\"", planned.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"t3.micro\"", planned.Stdout, StringComparison.Ordinal);
        Assert.True(created.ExitCode == 0, created.ToString());
        var stored = await run.DestinationIam().GetInlinePolicyAsync("assume_role", ManagedInstancesPolicy.PolicyName, CancellationToken.None);
        Assert.True(PolicyDocument.AreEquivalent(ManagedInstancesPolicy.For(role, ["t3.micro", "t3.small"]), stored!), stored);
        Assert.Equal(["t3.small", "t3.micro"], StateFile.Read(run.StatePath).RoleOf(role)!.AllowedInstanceTypes);

        var refused = await run.RunAsync("launch-instance", "--auto-approve", "--no-wait", "--instance-type", "m5.large");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Equal(
            "Error: Role assume_role may launch only t3.small, t3.micro (create-role --allowed-instance-types), not m5.large: " +
            "pass --instance-type with one of those, or rerun create-role with the type added.",
            refused.Stderr.TrimEnd().Split('\n').Single().Split(" (see ")[0]);
        Assert.Empty(assumeRoles.Calls);
        Assert.Empty(StateFile.Read(run.StatePath).Launches);

        // Without the option, create-role plans the policy back to any type, and the state forgets the limit.
        var unlimited = await run.RunAsync("create-role", "--scope", "managed-instances", "--auto-approve");
        Assert.True(unlimited.ExitCode == 0, unlimited.ToString());
        Assert.Contains("Plan: 0 to add, 1 to change, 0 to destroy.", unlimited.Stdout, StringComparison.Ordinal);
        Assert.Null(StateFile.Read(run.StatePath).RoleOf(role)!.AllowedInstanceTypes);
    }

    [Fact]
    public async Task WithoutTheScope_TheTypesAreRefusedInOneLine_AndNothingIsMade()
    {
        var run = new CommandRunner(sandbox.LeaseWorld());

        var refused = await run.RunAsync("create-role", "--auto-approve", "--allowed-instance-types", "t3.micro");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Single(refused.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("--allowed-instance-types needs --scope managed-instances", refused.Stderr, StringComparison.Ordinal);
        Assert.Null(await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
    }
}
