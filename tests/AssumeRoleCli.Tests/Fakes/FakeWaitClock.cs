using AssumeRoleCli.Provisioning;
using Microsoft.Extensions.Time.Testing;

namespace AssumeRoleCli.Tests.Fakes;

/// <summary>
/// A clock whose delays pass instantly and are recorded. Its <see cref="Time"/> moves with them, so a progress voice
/// built on it (see <see cref="RecordingProgress"/>) ticks as the waiting goes by.
/// </summary>
internal sealed class FakeWaitClock : IWaitClock
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private readonly DateTimeOffset _start;

    public FakeWaitClock()
    {
        _start = Time.GetUtcNow();
    }

    public FakeTimeProvider Time { get; } = new();

    public TimeSpan Elapsed => Time.GetUtcNow() - _start;

    public List<TimeSpan> Delays { get; } = [];

    public Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Delays.Add(delay);

        // A second at a time, so timers fire when they are due (FakeTimeProvider fires them at the end of an advance).
        for (var left = delay; left > TimeSpan.Zero; left -= OneSecond)
        {
            Time.Advance(left < OneSecond ? left : OneSecond);
        }

        return Task.CompletedTask;
    }
}
