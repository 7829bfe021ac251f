using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// IAM's 409s, which the SDK does not retry: ConcurrentModification (another change to the same entity is in flight)
/// and DeleteConflict (a detachment has not propagated yet). Retried with backoff for up to <see cref="Limit"/>,
/// saying so once, as Terraform's AWS provider does.
/// </summary>
public sealed class IamConflictRetry
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private readonly IWaitClock _clock;
    private readonly IApplyProgress _progress;
    private readonly TimeSpan _limit;

    public IamConflictRetry(IWaitClock clock, IApplyProgress progress, TimeSpan? limit = null)
    {
        _clock = clock;
        _progress = progress;
        _limit = limit ?? Limit;
    }

    /// <param name="operation">e.g. iam:DeleteRole, for the note.</param>
    /// <param name="beforeRetry">Runs after each 409, before the next attempt (e.g. to remove what still blocks a delete).</param>
    public async Task<T> RunAsync<T>(string operation, Func<Task<T>> call, CancellationToken ct, Func<AmazonServiceException, Task>? beforeRetry = null)
    {
        var said = false;
        return await new Backoff(_clock, _limit).RetryAsync(
            call,
            error => Task.FromResult(IsConflict(error)),
            ct,
            beforeWait: async error =>
            {
                if (!said)
                {
                    said = true;
                    await _progress.NoteAsync(
                        $"{operation}: {AwsErrorCodes.Said(error)}; IAM is still settling an earlier change, retrying for up to {(int)_limit.TotalSeconds}s...");
                }
            },
            afterWait: beforeRetry);
    }

    public Task RunAsync(string operation, Func<Task> call, CancellationToken ct, Func<AmazonServiceException, Task>? beforeRetry = null) =>
        RunAsync(operation, async () => { await call(); return true; }, ct, beforeRetry);

    private static bool IsConflict(AmazonServiceException error) =>
        error.Is(AwsErrorCodes.ConcurrentModification) || error.Is(AwsErrorCodes.DeleteConflict);
}
