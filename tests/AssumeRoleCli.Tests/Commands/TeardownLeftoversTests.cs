using Amazon.EC2.Model;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// teardown leaves nothing without a way back: never the role while the state records its instances in another
/// region, and a scoped role's inline policy planned and deleted as a resource of its own before the role.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class TeardownLeftoversTests(MotoSandbox sandbox)
{
    private static async Task<List<Instance>> LiveInstancesAsync(TwoAccountWorld world, string region)
    {
        // moto keeps each region apart by the region requests are signed for.
        var config = world.ConfigureClient(new Amazon.EC2.AmazonEC2Config());
        config.AuthenticationRegion = region;
        using var ec2 = new Amazon.EC2.AmazonEC2Client(world.DestinationAdminCredentials(), config);
        var response = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = [new Filter("instance-state-name", ["pending", "running", "stopping", "stopped"])],
        });
        return response.Reservations?.SelectMany(r => r.Instances).ToList() ?? [];
    }

    [Fact]
    public async Task TeardownInOneRegion_KeepsTheRole_WhileTheStateRecordsItsInstancesInAnother_SayingWhyInOneLine()
    {
        var run = new CommandRunner(sandbox.LeaseWorld());
        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve")).ExitCode);
        Assert.Equal(0, (await run.RunAsync("launch-instance", "--auto-approve", "--no-wait")).ExitCode);
        Assert.Equal(0, (await run.RunAsync("launch-instance", "--auto-approve", "--no-wait", "--region", "us-west-2")).ExitCode);

        var here = await run.RunAsync("teardown", "--auto-approve");

        Assert.True(here.ExitCode == 0, here.ToString());
        Assert.Contains("Plan: 0 to add, 0 to change, 1 to destroy.", here.Stdout, StringComparison.Ordinal);
        Assert.Single(here.Stderr.Split('\n'), l => l.Contains(
            "Keeping role assume_role: the state file also records its instances in us-west-2; rerun teardown with --region us-west-2 to destroy those, then the role.",
            StringComparison.Ordinal));
        Assert.NotNull(await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
        Assert.Empty(await LiveInstancesAsync(run.World, "us-east-1"));
        Assert.Single(await LiveInstancesAsync(run.World, "us-west-2"));

        var there = await run.RunAsync("teardown", "--auto-approve", "--region", "us-west-2");

        Assert.True(there.ExitCode == 0, there.ToString());
        Assert.Contains("Plan: 0 to add, 0 to change, 2 to destroy.", there.Stdout, StringComparison.Ordinal);
        Assert.Null(await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
        Assert.Empty(await LiveInstancesAsync(run.World, "us-west-2"));
    }

    [Fact]
    public async Task AScopedRole_ItsInlinePolicyIsPlannedAsItsOwnResource_AndDeletedBeforeTheRole_WithoutAConflict()
    {
        var run = new CommandRunner(sandbox.LeaseWorld());
        var created = await run.RunAsync("create-role", "--auto-approve", "--scope", "managed-instances");
        Assert.Contains("Plan: 2 to add, 0 to change, 0 to destroy.", created.Stdout, StringComparison.Ordinal);

        var teardown = await run.RunAsync("teardown", "--auto-approve");

        Assert.True(teardown.ExitCode == 0, teardown.ToString());
        Assert.Contains("Plan: 0 to add, 0 to change, 2 to destroy.", teardown.Stdout, StringComparison.Ordinal);
        Assert.Contains("# aws_iam_role_policy.assume_role_managed_instances will be destroyed", teardown.Stdout, StringComparison.Ordinal);
        Assert.Contains("Destroy complete! Resources: 2 destroyed.", teardown.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("DeleteConflict", teardown.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("still settling", teardown.Stderr, StringComparison.Ordinal);
        var stderr = teardown.Stderr;
        Assert.True(
            stderr.IndexOf("aws_iam_role_policy.assume_role_managed_instances: Destruction complete", StringComparison.Ordinal) is >= 0 and var policyDone
            && policyDone < stderr.IndexOf("aws_iam_role.assume_role: Destroying...", StringComparison.Ordinal),
            teardown.ToString());
        Assert.Null(await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
    }
}
