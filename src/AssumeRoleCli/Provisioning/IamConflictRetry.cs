using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// IAM's refusals that pass with time and that the SDK does not retry: the 409s ConcurrentModification (another change
/// to the same entity is in flight) and DeleteConflict (a detachment has not propagated yet) and, for a call sending a
/// trust policy, "Invalid principal in policy" (a user or role made moments ago is not known to IAM yet). Retried with
/// backoff for up to <see cref="Limit"/>, saying so once per cause, as Terraform's AWS provider does.
/// </summary>
public sealed class IamConflictRetry
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private readonly TimeProvider _time;
    private readonly IApplyProgress _progress;
    private readonly TimeSpan _limit;

    public IamConflictRetry(TimeProvider time, IApplyProgress progress, TimeSpan? limit = null)
    {
        _time = time;
        _progress = progress;
        _limit = limit ?? Limit;
    }

    /// <summary>How long a refusal is retried, in whole seconds, for the one line after it.</summary>
    public int LimitSeconds => (int)_limit.TotalSeconds;

    /// <param name="operation">e.g. iam:DeleteRole, for the note.</param>
    /// <param name="beforeRetry">Runs after each 409, before the next attempt (e.g. to remove what still blocks a delete).</param>
    public Task<T> RunAsync<T>(string operation, Func<Task<T>> call, CancellationToken ct, Func<AmazonServiceException, Task>? beforeRetry = null) =>
        RetryAsync(operation, call, IsConflict, beforeRetry, ct);

    public Task RunAsync(string operation, Func<Task> call, CancellationToken ct, Func<AmazonServiceException, Task>? beforeRetry = null) =>
        RunAsync(operation, async () => { await call(); return true; }, ct, beforeRetry);

    /// <summary>
    /// A call that sends a trust policy (CreateRole, UpdateAssumeRolePolicy): its 409s, and IAM not knowing one of the
    /// policy's principals yet, are both waited out. The last refusal after the window is the caller's to report.
    /// </summary>
    public Task<T> RunSendingTrustPolicyAsync<T>(string operation, Func<Task<T>> call, CancellationToken ct) =>
        RetryAsync(operation, call, e => IsConflict(e) || e.IsUnknownPrincipal(), beforeRetry: null, ct);

    public Task RunSendingTrustPolicyAsync(string operation, Func<Task> call, CancellationToken ct) =>
        RunSendingTrustPolicyAsync(operation, async () => { await call(); return true; }, ct);

    private async Task<T> RetryAsync<T>(
        string operation, Func<Task<T>> call, Func<AmazonServiceException, bool> isTransient, Func<AmazonServiceException, Task>? beforeRetry, CancellationToken ct)
    {
        var said = new HashSet<bool>(); // one note per cause: a conflict, an unknown principal
        return await new Backoff(_time, _limit).RetryAsync(
            call,
            error => Task.FromResult(isTransient(error)),
            ct,
            beforeWait: async error =>
            {
                var unknownPrincipal = error.IsUnknownPrincipal();
                if (said.Add(unknownPrincipal))
                {
                    await _progress.NoteAsync(unknownPrincipal
                        ? $"{operation}: {AwsErrorCodes.Said(error)}; IAM does not know a principal of the trust policy yet " +
                          $"(a user or role made moments ago takes a while to propagate), retrying for up to {LimitSeconds}s..."
                        : $"{operation}: {AwsErrorCodes.Said(error)}; IAM is still settling an earlier change, retrying for up to {LimitSeconds}s...");
                }
            },
            afterWait: beforeRetry);
    }

    private static bool IsConflict(AmazonServiceException error) =>
        error.Is(AwsErrorCodes.ConcurrentModification) || error.Is(AwsErrorCodes.DeleteConflict);
}
