using Amazon.Runtime;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The one schedule for asking AWS again, and the one rule for when to stop: a look at once, then after 1 s, 2 s,
/// 4 s, then 5 s for ever (so nobody waits more than 5 s after AWS is done), as long as the next look still starts
/// within the limit. Retrying a refusal (<see cref="RetryAsync{T}"/>) and polling until something holds
/// (<see cref="UntilAsync{T}(Func{CancellationToken, Task{T}}, Func{T, bool}, CancellationToken, bool)"/>) both go by it.
/// </summary>
public sealed class Backoff
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;
    private readonly TimeSpan _limit;

    /// <param name="time">Tells how long it has been and waits (a fake one in tests runs minutes of waiting in no time).</param>
    public Backoff(TimeProvider time, TimeSpan limit)
    {
        _time = time;
        _limit = limit;
    }

    /// <summary>The delays before each look: none, then 1s, 2s, 4s, then 5s for ever.</summary>
    public static TimeSpan DelayBefore(int attempt) =>
        attempt == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt - 1, 16)));

    /// <summary>
    /// Looks at once, then on the schedule, until <paramref name="isDone"/> holds or the window is over; returns the
    /// last look either way (the caller tells which with <paramref name="isDone"/>).
    /// </summary>
    /// <param name="lastLookAtDeadline">
    /// A wait for AWS to finish (an instance starting) looks one last time at the deadline itself when the next delay
    /// would overrun it, so it reports the state at the limit; a grace window for an answer to change ends at the
    /// last look the schedule allows within it.
    /// </param>
    public async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T>> poll, Func<T, bool> isDone, CancellationToken ct, bool lastLookAtDeadline = false)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var start = _time.GetTimestamp();
        return await LookAsync(start, await poll(ct), poll, isDone, lastLookAtDeadline, ct);
    }

    /// <summary>As <see cref="UntilAsync{T}(Func{CancellationToken, Task{T}}, Func{T, bool}, CancellationToken, bool)"/>, when the first look (<paramref name="first"/>) was already made.</summary>
    public Task<T> UntilAsync<T>(T first, Func<CancellationToken, Task<T>> poll, Func<T, bool> isDone, CancellationToken ct) =>
        LookAsync(_time.GetTimestamp(), first, poll, isDone, lastLookAtDeadline: false, ct);

    /// <summary>Makes <paramref name="call"/> again after a transient refusal, on the schedule; after the window, the last refusal is the caller's to report.</summary>
    /// <param name="isTransient">Whether this refusal is worth another attempt (it may ask AWS, e.g. who the caller is).</param>
    /// <param name="beforeWait">Runs after each transient refusal, before the wait (e.g. to say why we wait).</param>
    /// <param name="afterWait">Runs after the wait, before the next attempt (e.g. to remove what still blocks).</param>
    public async Task<T> RetryAsync<T>(
        Func<Task<T>> call,
        Func<AmazonServiceException, Task<bool>> isTransient,
        CancellationToken ct,
        Func<AmazonServiceException, Task>? beforeWait = null,
        Func<AmazonServiceException, Task>? afterWait = null)
    {
        var start = _time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? wait = null;
            try
            {
                return await call();
            }
            catch (AmazonServiceException error) when ((wait = WaitBefore(attempt, start, lastLookAtDeadline: false)) is not null)
            {
                if (!await isTransient(error))
                {
                    throw;
                }

                if (beforeWait is not null)
                {
                    await beforeWait(error);
                }

                await Task.Delay(wait.Value, _time, ct);
                if (afterWait is not null)
                {
                    await afterWait(error);
                }
            }
        }
    }

    private async Task<T> LookAsync<T>(long start, T last, Func<CancellationToken, Task<T>> poll, Func<T, bool> isDone, bool lastLookAtDeadline, CancellationToken ct)
    {
        for (var attempt = 1; !isDone(last) && WaitBefore(attempt, start, lastLookAtDeadline) is { } wait; attempt++)
        {
            await Task.Delay(wait, _time, ct);
            last = await poll(ct);
        }

        return last;
    }

    /// <summary>The rule: the wait before look <paramref name="attempt"/>, or null when the window is over.</summary>
    private TimeSpan? WaitBefore(int attempt, long start, bool lastLookAtDeadline)
    {
        var left = _limit - _time.GetElapsedTime(start);
        var delay = DelayBefore(attempt);
        return delay <= left ? delay
            : lastLookAtDeadline && left > TimeSpan.Zero ? left
            : null;
    }
}
