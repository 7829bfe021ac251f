using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

public class InstanceTerminatorTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");

    private readonly AutoAdvancingTime _clock = new();
    private readonly RecordingProgress _progress;

    public InstanceTerminatorTests()
    {
        _progress = new RecordingProgress(_clock);
    }

    private InstanceTerminator Terminator() => new(_clock, _progress);

    private static readonly Dictionary<string, int> PlannedIndexes = new() { ["i-slow"] = 0, ["i-1"] = 1, ["i-2"] = 2 };

    /// <summary>The plan's address of each instance, which the progress lines must use.</summary>
    private static string Address(string instanceId) => InstanceAddresses.Of(PlannedIndexes[instanceId]);

    [Fact]
    public async Task Terminate_IsOneCall_ThenWaits_SayingStillDestroyingEvery10s_ForEveryInstance()
    {
        var ec2 = new FakeEc2Api { ShuttingDownPolls = 5 };
        ec2.Add("i-1", tags: ManagedTags.ForInstance(Role.ToString()));
        ec2.Add("i-2", tags: ManagedTags.ForInstance(Role.ToString()));

        var terminated = await Terminator().TerminateAsync(ec2, ["i-1", "i-2"], Address, TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Equal(["i-1", "i-2"], terminated);
        Assert.Equal(["TerminateInstances i-1 i-2"], ec2.Writes);
        Assert.Equal("terminated", ec2.StateOf("i-1"));
        var said = _progress.Lines;
        Assert.Contains("aws_instance.this[1]: Destroying... [id=i-1]", said);
        Assert.Contains("aws_instance.this[1]: Still destroying... [10s elapsed]", said);
        Assert.Contains("aws_instance.this[2]: Still destroying... [10s elapsed]", said);
        Assert.Contains(said, l => l.StartsWith("aws_instance.this[2]: Destruction complete after ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Terminate_AnsweredTerminatedAtOnce_NeitherWaitsNorPolls()
    {
        var ec2 = new FakeEc2Api();
        ec2.Add("i-1");

        await Terminator().TerminateAsync(ec2, ["i-1"], Address, TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Empty(_clock.Delays);
        Assert.Equal(0, ec2.DescribeCalls);
    }

    [Fact]
    public async Task Terminate_AnsweredShuttingDown_PollsAtOnce_ThenAfter1s()
    {
        var ec2 = new FakeEc2Api { ShuttingDownPolls = 1 };
        ec2.Add("i-1");

        await Terminator().TerminateAsync(ec2, [("aws_instance.this[0]", "i-1")], TimeSpan.FromMinutes(10), CancellationToken.None);

        // EC2 may be done by the time its answer arrives: the first look costs no wait.
        Assert.Equal([TimeSpan.FromSeconds(1)], _clock.Delays);
        Assert.Equal(2, ec2.DescribeCalls);
    }

    [Fact]
    public async Task Terminate_TimesOut_NamingTheInstanceAndItsState()
    {
        var ec2 = new FakeEc2Api { ShuttingDownPolls = int.MaxValue };
        ec2.Add("i-slow");

        var error = await Assert.ThrowsAsync<CliException>(() => Terminator().TerminateAsync(ec2, ["i-slow"], Address, TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Contains("i-slow: shutting-down", error.Message, StringComparison.Ordinal);
    }
}
