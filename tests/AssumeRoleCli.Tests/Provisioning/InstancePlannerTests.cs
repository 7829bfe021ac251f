using AssumeRoleCli.Aws;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

public class InstancePlannerTests
{
    [Fact]
    public async Task NoUbuntuImage_NamesTheRegionOwnerAndFilter()
    {
        var error = await Assert.ThrowsAsync<CliException>(() => new InstancePlanner(new FakeEc2Api()).FindUbuntuImageAsync("eu-west-3", CancellationToken.None));

        Assert.Contains("eu-west-3", error.Message, StringComparison.Ordinal);
        Assert.Contains("099720109477", error.Message, StringComparison.Ordinal);
        Assert.Contains("ubuntu/images/hvm-ssd*/ubuntu-*-amd64-server-*", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_PastTheTimeout_NamesEachInstanceAndItsLastState()
    {
        var ec2 = new FakeEc2Api();
        ec2.Add("i-stuck", "pending");
        var clock = new FakeWaitClock();

        var error = await Assert.ThrowsAsync<CliException>(() => new InstanceWaiter(clock).WaitForStateAsync(
            ec2, ["i-stuck", "i-gone"], "running", TimeSpan.FromMinutes(1), _ => Task.CompletedTask, CancellationToken.None));

        Assert.Equal(TimeSpan.FromMinutes(1), clock.Elapsed);
        Assert.Contains("i-stuck: pending", error.Message, StringComparison.Ordinal);
        Assert.Contains("i-gone: not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_ForRunning_StopsWhenAnInstanceTerminates()
    {
        var ec2 = new FakeEc2Api();
        ec2.Add("i-dead", "terminated");

        var error = await Assert.ThrowsAsync<CliException>(() => new InstanceWaiter(new FakeWaitClock()).WaitForStateAsync(
            ec2, ["i-dead"], "running", TimeSpan.FromMinutes(10), _ => Task.CompletedTask, CancellationToken.None));

        Assert.Contains("i-dead is terminated", error.Message, StringComparison.Ordinal);
    }
}
