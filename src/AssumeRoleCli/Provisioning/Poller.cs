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
/// Our own waiter (the .NET SDK has none), on <see cref="Backoff"/>'s schedule, with a last look at the timeout
/// itself. (The "Still creating..." lines come from the progress voice's own timer, not from here.)
/// </summary>
public sealed class Poller
{
    private readonly IWaitClock _clock;

    public Poller(IWaitClock clock)
    {
        _clock = clock;
    }

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
        ArgumentNullException.ThrowIfNull(isDone);
        var start = _clock.Elapsed;
        var last = await new Backoff(_clock, timeout).UntilAsync(poll, isDone, ct, lastLookAtDeadline: true);
        return isDone(last) ? last : throw new PollTimeoutException<T>(last, _clock.Elapsed - start);
    }
}
