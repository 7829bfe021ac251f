using Microsoft.Extensions.Time.Testing;

namespace AssumeRoleCli.Tests.Fakes;

/// <summary>
/// Fake time in which waiting takes no time: a one-shot timer (what <c>Task.Delay(delay, time, ct)</c> makes) moves
/// the clock to its due time at once, and is recorded in <see cref="Delays"/>. It moves a second at a time, so other
/// timers (the progress voice's ticker) fire when they are due, as FakeTimeProvider fires them at the end of an advance.
/// Something to happen at a later time, without moving the clock, is set with <see cref="At"/>.
/// </summary>
internal sealed class AutoAdvancingTime : FakeTimeProvider
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private readonly DateTimeOffset _start;

    public AutoAdvancingTime()
    {
        _start = GetUtcNow();
    }

    public AutoAdvancingTime(DateTimeOffset start)
        : base(start)
    {
        _start = start;
    }

    /// <summary>Time passed since this was made.</summary>
    public TimeSpan Elapsed => GetUtcNow() - _start;

    /// <summary>Every wait, in the order made.</summary>
    public List<TimeSpan> Delays { get; } = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan && dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (Delays)
            {
                Delays.Add(dueTime);
            }

            for (var left = dueTime; left > TimeSpan.Zero; left -= OneSecond)
            {
                Advance(left < OneSecond ? left : OneSecond);
            }
        }

        return timer;
    }

    /// <summary>Runs <paramref name="action"/> once the clock has moved <paramref name="dueTime"/> on (not moving it itself).</summary>
    public ITimer At(TimeSpan dueTime, Action action) => base.CreateTimer(_ => action(), null, dueTime, Timeout.InfiniteTimeSpan);
}
