using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// AssumeRole, patient with IAM's eventual consistency: right after create-role, AssumeRole and the first calls
/// made with the new credentials can answer AccessDenied for tens of seconds. Those are retried with backoff for
/// up to the grace period; anything else fails at once. An MFA code is never replayed: each retry asks for a fresh
/// one, and without one it stops.
/// </summary>
public sealed class RoleAssumer
{
    private readonly IStsApi _sts;
    private readonly IWaitClock _clock;
    private readonly TimeSpan _grace;
    private readonly IApplyProgress _progress;
    private readonly CliCredentialCache? _cache;
    private bool _saidWaiting;

    /// <param name="cache">Where credentials obtained with MFA are kept and found again; null: never cached.</param>
    public RoleAssumer(IStsApi sts, IWaitClock clock, TimeSpan grace, IApplyProgress progress, CliCredentialCache? cache = null)
    {
        _sts = sts;
        _clock = clock;
        _grace = grace;
        _progress = progress;
        _cache = cache;
    }

    /// <exception cref="RoleNotAssumableException">AccessDenied outlasted the grace period.</exception>
    public async Task<AssumedRole> AssumeAsync(AssumeRoleSpec spec, CallerIdentity source, CancellationToken ct)
    {
        var cache = CliCredentialCache.Caches(spec) ? _cache : null;
        if (cache?.TryRead(spec) is { } cached)
        {
            return cached;
        }

        var assumed = await AssumeFromStsAsync(spec, source, ct);
        cache?.Write(spec, assumed);
        return assumed;
    }

    private async Task<AssumedRole> AssumeFromStsAsync(AssumeRoleSpec spec, CallerIdentity source, CancellationToken ct)
    {
        var start = _clock.Elapsed;
        try
        {
            // Only AccessDenied is a propagation symptom for AssumeRole itself; a bad source key is not.
            return await RetryWhilePropagatingAsync(
                async () => await _sts.AssumeRoleAsync(spec, spec.Mfa is null ? null : await NextMfaCodeAsync(spec.Mfa, ct), ct),
                spec.Role,
                error => error.Is(AwsErrorCodes.AccessDenied),
                ct);
        }
        catch (AmazonServiceException error) when (error.Is(AwsErrorCodes.AccessDenied))
        {
            throw new RoleNotAssumableException(spec.Role, source, error, _clock.Elapsed - start);
        }
    }

    /// <summary>A call made with a role's fresh credentials: retried while the role may still be propagating.</summary>
    public Task<T> RetryWhilePropagatingAsync<T>(RoleArn role, bool roleIsNew, Func<Task<T>> call, CancellationToken ct) =>
        roleIsNew ? RetryWhilePropagatingAsync(call, role, error => error.IsIn(AwsErrorCodes.NotYetPropagated), ct) : call();

    private static async Task<string> NextMfaCodeAsync(MfaDevice mfa, CancellationToken ct) =>
        await mfa.NextCode(ct) ?? throw new MfaCodeUnavailableException(mfa.SerialNumber);

    private async Task<T> RetryWhilePropagatingAsync<T>(Func<Task<T>> call, RoleArn role, Func<AmazonServiceException, bool> isPropagationSymptom, CancellationToken ct)
    {
        var start = _clock.Elapsed;
        AmazonServiceException? last = null;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (MfaCodeUnavailableException) when (last is not null)
            {
                // The code was spent on a refused attempt and no fresh one can be had: report what AWS said.
                throw last;
            }
            catch (AmazonServiceException error) when (isPropagationSymptom(error) && _clock.Elapsed - start + Poller.DelayBefore(attempt + 1) <= _grace)
            {
                last = error;
                if (!_saidWaiting)
                {
                    _saidWaiting = true;
                    await _progress.NoteAsync($"Waiting for role {role.RoleName} to become usable (IAM changes take a while to propagate; AWS said {error.ErrorCode})...");
                }

                await _clock.DelayAsync(Poller.DelayBefore(attempt + 1), ct);
            }
        }
    }
}

/// <summary>AssumeRole needs an MFA code and none (or no fresh one) can be had.</summary>
public sealed class MfaCodeUnavailableException : Exception
{
    public MfaCodeUnavailableException(string serialNumber)
        : base($"AssumeRole needs a code for MFA device {serialNumber}, and none can be had: pass --mfa-code, or run in a terminal to be asked.")
    {
        SerialNumber = serialNumber;
    }

    public string SerialNumber { get; }
}
