namespace AssumeRoleCli.Provisioning;

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
    private readonly TimeProvider _time;

    public Poller(TimeProvider time)
    {
        _time = time;
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
        var start = _time.GetTimestamp();
        var last = await new Backoff(_time, timeout).UntilAsync(poll, isDone, ct, lastLookAtDeadline: true);
        return isDone(last) ? last : throw new PollTimeoutException<T>(last, _time.GetElapsedTime(start));
    }
}
