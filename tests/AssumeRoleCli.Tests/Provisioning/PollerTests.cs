using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

public class PollerTests
{
    [Fact]
    public async Task PollsAtTheBackoffTimes_UntilDone()
    {
        var clock = new AutoAdvancingTime();
        var pollTimes = new List<double>();

        var result = await new Poller(clock).WaitAsync(
            _ => { pollTimes.Add(clock.Elapsed.TotalSeconds); return Task.FromResult(pollTimes.Count); },
            polls => polls == 5,
            TimeSpan.FromMinutes(10),
            CancellationToken.None);

        Assert.Equal(5, result);
        Assert.Equal([0, 1, 3, 7, 12], pollTimes);
    }

    [Fact]
    public async Task GivesUpAtTheTimeout_WithTheLastResult()
    {
        var clock = new AutoAdvancingTime();
        var polls = 0;

        var timedOut = await Assert.ThrowsAsync<PollTimeoutException<string>>(() => new Poller(clock).WaitAsync(
            _ => Task.FromResult($"pending #{++polls}"),
            _ => false,
            TimeSpan.FromSeconds(30),
            CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(30), clock.Elapsed);
        Assert.Equal($"pending #{polls}", timedOut.Last);
        Assert.Equal(TimeSpan.FromSeconds(30), timedOut.Waited);
    }

    [Fact]
    public async Task Cancellation_StopsTheWait()
    {
        using var cancel = new CancellationTokenSource();
        var clock = new AutoAdvancingTime();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new Poller(clock).WaitAsync(
            _ => { cancel.Cancel(); return Task.FromResult(0); },
            _ => false,
            TimeSpan.FromMinutes(10),
            cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }
}
