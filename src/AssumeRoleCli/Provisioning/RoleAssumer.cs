using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// AssumeRole, patient with IAM's eventual consistency: right after create-role, AssumeRole and the first calls
/// made with the new credentials can answer AccessDenied for tens of seconds. Those are retried with backoff for
/// up to <see cref="_grace"/>; anything else fails at once.
/// </summary>
public sealed class RoleAssumer
{
    private static readonly HashSet<string> NotYetUsableCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthFailure", "InvalidClientTokenId",
    };

    private readonly IIdentityApi _sts;
    private readonly IWaitClock _clock;
    private readonly TimeSpan _grace;
    private readonly Func<string, Task> _say;
    private bool _saidWaiting;

    public RoleAssumer(IIdentityApi sts, IWaitClock clock, TimeSpan grace, Func<string, Task> say)
    {
        _sts = sts;
        _clock = clock;
        _grace = grace;
        _say = say;
    }

    public async Task<AssumedRole> AssumeAsync(RoleArn role, CallerIdentity source, string sessionName, int durationSeconds, CancellationToken ct)
    {
        try
        {
            // Only AccessDenied is a propagation symptom for AssumeRole itself; a bad source key is not.
            return await RetryWhileNotUsableAsync(() => _sts.AssumeRoleAsync(role.ToString(), sessionName, durationSeconds, ct), role, code => code is "AccessDenied", ct);
        }
        catch (AmazonServiceException error) when (error.ErrorCode == "AccessDenied")
        {
            throw new CliException(
                $"Could not assume {role} as {source.Arn}: AWS kept answering AccessDenied for {(int)_grace.TotalSeconds}s. " +
                $"Likely causes: the role's trust policy does not trust account {source.Account} (rerun create-role), " +
                $"or {source.Arn} itself is not allowed to call sts:AssumeRole on it.",
                error);
        }
    }

    /// <summary>The first call made with fresh role credentials: retried while the role may still be propagating.</summary>
    public Task<T> FirstCallAsync<T>(RoleArn role, bool roleIsNew, Func<Task<T>> call, CancellationToken ct) =>
        roleIsNew ? RetryWhileNotUsableAsync(call, role, NotYetUsableCodes.Contains, ct) : call();

    private async Task<T> RetryWhileNotUsableAsync<T>(Func<Task<T>> call, RoleArn role, Func<string, bool> isPropagationSymptom, CancellationToken ct)
    {
        var start = _clock.Now;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (AmazonServiceException error) when (isPropagationSymptom(error.ErrorCode ?? "") && _clock.Now - start + Poller.DelayBefore(attempt) <= _grace)
            {
                if (!_saidWaiting)
                {
                    _saidWaiting = true;
                    await _say($"Waiting for role {role.RoleName} to become usable (IAM changes take a while to propagate; AWS said {error.ErrorCode})...");
                }

                await _clock.DelayAsync(Poller.DelayBefore(attempt), ct);
            }
        }
    }
}
