using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

public class TeardownApplierTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");

    [Fact]
    public async Task Terminate_IsOneCall_ThenWaits_SayingStillDestroyingEvery10s()
    {
        var ec2 = new FakeEc2Api { ShuttingDownPolls = 3 };
        ec2.Add("i-1", tags: ManagedTags.ForInstance(Role.ToString()));
        ec2.Add("i-2", tags: ManagedTags.ForInstance(Role.ToString()));
        var said = new List<string>();
        var applier = new TeardownApplier(new FakeWaitClock(), line => { said.Add(line); return Task.CompletedTask; });

        var terminated = await applier.TerminateAsync(ec2, ["i-1", "i-2"], TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Equal(["i-1", "i-2"], terminated);
        Assert.Equal(["TerminateInstances i-1 i-2"], ec2.Writes);
        Assert.Equal("terminated", ec2.StateOf("i-1"));
        Assert.Contains("aws_instance.i-1: Destroying... [id=i-1]", said);
        Assert.Contains("aws_instance.i-2: Still destroying... [10s elapsed]", said);
        Assert.Contains(said, l => l.StartsWith("aws_instance.i-1: Destruction complete after 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Terminate_AlreadyDoneAtOnce_DoesNotWait()
    {
        var ec2 = new FakeEc2Api();
        ec2.Add("i-1");
        var clock = new FakeWaitClock();

        await new TeardownApplier(clock, _ => Task.CompletedTask).TerminateAsync(ec2, ["i-1"], TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Empty(clock.Delays);
    }

    [Fact]
    public async Task Terminate_TimesOut_NamingTheInstanceAndItsState()
    {
        var ec2 = new FakeEc2Api { ShuttingDownPolls = int.MaxValue };
        ec2.Add("i-slow");

        var error = await Assert.ThrowsAsync<CliException>(
            () => new TeardownApplier(new FakeWaitClock(), _ => Task.CompletedTask).TerminateAsync(ec2, ["i-slow"], TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Contains("i-slow: shutting-down", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteRole_DetachesEveryPolicy_BeforeDeletingTheRole()
    {
        var iam = new FakeIamApi();
        iam.AddRole(
            new IamRole("assume_role", Role.ToString(), "{}", new Dictionary<string, string> { ["ManagedBy"] = "AssumeRoleCli" }),
            new ManagedPolicyRef("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess"),
            new ManagedPolicyRef("ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"));

        var deleted = await new TeardownApplier(new FakeWaitClock(), _ => Task.CompletedTask).DeleteRoleAsync(iam, Role, CancellationToken.None);

        Assert.True(deleted);
        Assert.Equal(
            [
                "DetachRolePolicy assume_role arn:aws:iam::aws:policy/AmazonEC2FullAccess",
                "DetachRolePolicy assume_role arn:aws:iam::aws:policy/ReadOnlyAccess",
                "DeleteRole assume_role",
            ],
            iam.Writes);
        Assert.Null(iam.Role("assume_role"));
    }
}
