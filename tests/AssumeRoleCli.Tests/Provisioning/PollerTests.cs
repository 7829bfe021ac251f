using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>A clock whose delays pass instantly and are recorded.</summary>
internal sealed class FakeWaitClock : IWaitClock
{
    public TimeSpan Now { get; private set; }

    public List<TimeSpan> Delays { get; } = [];

    public Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Delays.Add(delay);
        Now += delay;
        return Task.CompletedTask;
    }
}

public class PollerTests
{
    [Fact]
    public void Backoff_StartsAt2s_DoublesAndCapsAt10s()
    {
        Assert.Equal([2, 4, 8, 10, 10, 10], Enumerable.Range(0, 6).Select(a => Poller.DelayBefore(a).TotalSeconds));
    }

    [Fact]
    public async Task PollsAtTheBackoffTimes_UntilDone()
    {
        var clock = new FakeWaitClock();
        var pollTimes = new List<double>();

        var result = await new Poller(clock).WaitAsync(
            _ => { pollTimes.Add(clock.Now.TotalSeconds); return Task.FromResult(pollTimes.Count); },
            polls => polls == 5,
            TimeSpan.FromMinutes(10),
            _ => Task.CompletedTask,
            CancellationToken.None);

        Assert.Equal(5, result);
        Assert.Equal([2, 6, 14, 24, 34], pollTimes);
    }

    [Fact]
    public async Task ReportsProgressEvery10s_WhateverThePollInterval()
    {
        var clock = new FakeWaitClock();
        var progress = new List<double>();

        await new Poller(clock).WaitAsync(
            _ => Task.FromResult(clock.Now),
            now => now >= TimeSpan.FromSeconds(44),
            TimeSpan.FromMinutes(10),
            elapsed => { progress.Add(elapsed.TotalSeconds); Assert.Equal(elapsed, clock.Now); return Task.CompletedTask; },
            CancellationToken.None);

        Assert.Equal([10, 20, 30, 40], progress);
    }

    [Fact]
    public async Task GivesUpAtTheTimeout_WithTheLastResult()
    {
        var clock = new FakeWaitClock();
        var polls = 0;

        var timedOut = await Assert.ThrowsAsync<PollTimeoutException<string>>(() => new Poller(clock).WaitAsync(
            _ => Task.FromResult($"pending #{++polls}"),
            _ => false,
            TimeSpan.FromSeconds(30),
            _ => Task.CompletedTask,
            CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(30), clock.Now);
        Assert.Equal($"pending #{polls}", timedOut.Last);
        Assert.Equal(TimeSpan.FromSeconds(30), timedOut.Waited);
    }

    [Fact]
    public async Task Cancellation_StopsTheWait()
    {
        using var cancel = new CancellationTokenSource();
        var clock = new FakeWaitClock();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new Poller(clock).WaitAsync(
            _ => { cancel.Cancel(); return Task.FromResult(0); },
            _ => false,
            TimeSpan.FromMinutes(10),
            _ => Task.CompletedTask,
            cancel.Token));

        Assert.True(clock.Now < TimeSpan.FromSeconds(10));
    }
}
