using Amazon.Runtime;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The one retry loop for AWS refusals that are expected to pass (a new role still propagating, IAM's 409s): the
/// call is made again after the poller's delays (1 s, 2 s, 4 s, then 5 s) as long as the next attempt still starts
/// within the limit; after that the last refusal is the caller's to report.
/// </summary>
public sealed class Backoff
{
    private readonly IWaitClock _clock;
    private readonly TimeSpan _limit;

    public Backoff(IWaitClock clock, TimeSpan limit)
    {
        _clock = clock;
        _limit = limit;
    }

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
        var start = _clock.Elapsed;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (AmazonServiceException error) when (_clock.Elapsed - start + Poller.DelayBefore(attempt) <= _limit)
            {
                if (!await isTransient(error))
                {
                    throw;
                }

                if (beforeWait is not null)
                {
                    await beforeWait(error);
                }

                await _clock.DelayAsync(Poller.DelayBefore(attempt), ct);
                if (afterWait is not null)
                {
                    await afterWait(error);
                }
            }
        }
    }
}
