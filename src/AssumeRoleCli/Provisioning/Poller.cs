namespace AssumeRoleCli.Provisioning;

/// <summary>Time as the poller sees it, so tests can run minutes of waiting in no time.</summary>
public interface IWaitClock
{
    /// <summary>Time elapsed since the clock was made.</summary>
    TimeSpan Elapsed { get; }

    Task DelayAsync(TimeSpan delay, CancellationToken ct);
}

public sealed class SystemWaitClock : IWaitClock
{
    private readonly TimeProvider _time;
    private readonly long _start;

    public SystemWaitClock(TimeProvider time)
    {
        _time = time;
        _start = time.GetTimestamp();
    }

    public TimeSpan Elapsed => _time.GetElapsedTime(_start);

    public Task DelayAsync(TimeSpan delay, CancellationToken ct) => Task.Delay(delay, _time, ct);
}

/// <summary>The waiting gave up: <see cref="Last"/> is what the final poll saw.</summary>
public sealed class PollTimeoutException<T> : Exception
{
    public PollTimeoutException(T last, TimeSpan waited)
        : base($"Still not done after {(int)waited.TotalSeconds}s.")
    {
        Last = last;
        Waited = waited;
    }

    public T Last { get; }

    public TimeSpan Waited { get; }
}

/// <summary>
/// Our own waiter (the .NET SDK has none): the first poll at once, then after <see cref="FirstDelay"/>, backing off
/// to at most <see cref="MaxDelay"/> so nobody waits more than 5 s after AWS is done. (The "Still creating..."
/// lines come from the progress voice's own timer, not from here.)
/// </summary>
public sealed class Poller
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly IWaitClock _clock;

    public Poller(IWaitClock clock)
    {
        _clock = clock;
    }

    /// <summary>The delays before each poll: none, then 1s, 2s, 4s, then 5s for ever.</summary>
    public static TimeSpan DelayBefore(int attempt) =>
        attempt == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt - 1, 16)));

    /// <summary>
    /// Polls until <paramref name="isDone"/> holds and returns that result; throws
    /// <see cref="PollTimeoutException{T}"/> after <paramref name="timeout"/>, and stops at once on cancellation.
    /// </summary>
    public async Task<T> WaitAsync<T>(
        Func<CancellationToken, Task<T>> poll,
        Func<T, bool> isDone,
        TimeSpan timeout,
        CancellationToken ct)
    {
        var start = _clock.Elapsed;
        for (var attempt = 0; ; attempt++)
        {
            var wait = Min(DelayBefore(attempt), timeout - (_clock.Elapsed - start));
            if (wait > TimeSpan.Zero)
            {
                await _clock.DelayAsync(wait, ct);
            }

            var result = await poll(ct);
            if (isDone(result))
            {
                return result;
            }

            var elapsed = _clock.Elapsed - start;
            if (elapsed >= timeout)
            {
                throw new PollTimeoutException<T>(result, elapsed);
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
