using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;

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
    private readonly TimeSpan _grace;
    private readonly IApplyProgress _progress;
    private readonly CliCredentialCache? _cache;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private CachedSession? _cachedSession;

    /// <param name="cache">Where credentials obtained with MFA are kept and found again; null: never cached.</param>
    /// <param name="time">Waits out propagation, and tells a session near its end.</param>
    public RoleAssumer(IStsApi sts, TimeProvider time, TimeSpan grace, IApplyProgress progress, CliCredentialCache? cache = null)
    {
        _sts = sts;
        _grace = grace;
        _progress = progress;
        _cache = cache;
        _time = time;
    }

    /// <summary>
    /// Assumes the role, asking who the source is (<paramref name="whoIsAsking"/>, e.g. GetCallerIdentity) only when AssumeRole
    /// refuses, so the way that works costs one request. A root user is refused by AWS itself; its refusal is then
    /// not waited out as propagation but reported at once, with <see cref="RoleNotAssumableException.Caller"/> the root.
    /// </summary>
    /// <exception cref="RoleNotAssumableException">AccessDenied outlasted the grace period, or the source is a root user.</exception>
    /// <exception cref="SessionDurationRefusedException">STS refused the spec's DurationSeconds for this role.</exception>
    public async Task<AssumedRole> AssumeAsync(AssumeRoleSpec spec, Func<CancellationToken, Task<CallerIdentity>> whoIsAsking, CancellationToken ct)
    {
        var cache = CliCredentialCache.Caches(spec) ? _cache : null;
        if (cache?.TryRead(spec) is { } cached)
        {
            // Replaceable: should AWS refuse the cached session, or should it near its end during a wait, a fresh one
            // takes its place under the same clients.
            CachedSession? session = null;
            var credentials = new ReplaceableCredentials(
                cached.Credentials, cached.Expiration, cache.Time, () => RenewAsync(spec, whoIsAsking, cache, "cached MFA session", ct));
            session = new CachedSession(spec, whoIsAsking, cache, credentials);
            lock (_gate)
            {
                _cachedSession = session;
            }

            return cached with { Credentials = credentials };
        }

        var assumed = await AssumeFromStsAsync(spec, whoIsAsking, ct);
        cache?.Write(spec, assumed);

        // A fresh session too is renewed should it near its end while the command still works (a long wait for instances).
        return assumed.Expiration is null
            ? assumed
            : assumed with
            {
                Credentials = new ReplaceableCredentials(assumed.Credentials, assumed.Expiration, _time, () => RenewAsync(spec, whoIsAsking, cache, "session", ct)),
            };
    }

    private async Task<AssumedRole> AssumeFromStsAsync(AssumeRoleSpec spec, Func<CancellationToken, Task<CallerIdentity>> whoIsAsking, CancellationToken ct)
    {
        var start = _time.GetTimestamp();
        CallerIdentity? source = null;
        async Task<CallerIdentity> Source() => source ??= await whoIsAsking(ct);
        try
        {
            // Only AccessDenied is a propagation symptom for AssumeRole itself; a bad source key is not, nor is a root user.
            return await RetryWhilePropagatingAsync(
                async () => await _sts.AssumeRoleAsync(spec, spec.Mfa is null ? null : await NextMfaCodeAsync(spec.Mfa, ct), ct),
                spec.Role,
                async error => error.Is(AwsErrorCodes.AccessDenied) && !(await Source()).IsRootUser,
                ct);
        }
        catch (AmazonServiceException error) when (error.Is(AwsErrorCodes.AccessDenied))
        {
            throw new RoleNotAssumableException(spec.Role, await Source(), error, _time.GetElapsedTime(start), spec.SourceIdentity);
        }
        catch (AmazonServiceException error) when (error.IsDurationRefusal())
        {
            throw new SessionDurationRefusedException(spec.Role, spec.DurationSeconds, null, error);
        }
    }

    /// <summary>
    /// A call made with a role's fresh credentials: retried while the role may still be propagating. When the
    /// credentials came from the cache and AWS refuses them as credentials, the cached session is removed, the role
    /// assumed again (once, for every call that was refused), and the call made again.
    /// </summary>
    public async Task<T> RetryWhilePropagatingAsync<T>(RoleArn role, bool roleIsNew, Func<Task<T>> call, CancellationToken ct)
    {
        Task<T> Attempt() => roleIsNew ? RetryWhilePropagatingAsync(call, role, error => Task.FromResult(error.IsIn(AwsErrorCodes.NotYetPropagated)), ct) : call();
        try
        {
            return await Attempt();
        }
        catch (AmazonServiceException error) when (error.IsIn(AwsErrorCodes.BadCredentials) || error.IsIn(AwsErrorCodes.Expired))
        {
            CachedSession? session;
            lock (_gate)
            {
                session = _cachedSession;
                if (session is not null && session.Spec.Role != role)
                {
                    session = null;
                }
                else if (session is not null)
                {
                    session.Replacement ??= ReplaceCachedAsync(session, error, ct);
                }
            }

            if (session?.Replacement is not { } replacement)
            {
                throw;
            }

            await replacement;
            return await Attempt();
        }
    }

    private async Task<AssumedRole> RenewAsync(
        AssumeRoleSpec spec, Func<CancellationToken, Task<CallerIdentity>> whoIsAsking, CliCredentialCache? cache, string what, CancellationToken ct)
    {
        await _progress.NoteAsync(
            $"The {what} for {spec.Role} expires in less than {ReplaceableCredentials.RenewWindow.TotalMinutes:0} minutes; assuming the role again.");
        var fresh = await AssumeFromStsAsync(spec, whoIsAsking, ct);
        cache?.Write(spec, fresh);
        return fresh;
    }

    /// <summary>The cached session AWS refused: said to come from the cache, removed, and replaced by a fresh AssumeRole.</summary>
    private async Task ReplaceCachedAsync(CachedSession session, AmazonServiceException refusal, CancellationToken ct)
    {
        await _progress.NoteAsync(
            $"The cached MFA session for {session.Spec.Role} ({session.Cache.PathOf(session.Spec)}) was refused ({AwsErrorCodes.Said(refusal)}); removed it, assuming the role again.");
        session.Cache.Remove(session.Spec);
        var fresh = await AssumeFromStsAsync(session.Spec, session.WhoIsAsking, ct);
        session.Cache.Write(session.Spec, fresh);
        session.Credentials.Replace(fresh.Credentials, fresh.Expiration);
    }

    private static async Task<string> NextMfaCodeAsync(MfaDevice mfa, CancellationToken ct) =>
        await mfa.NextCode(ct) ?? throw new MfaCodeUnavailableException(mfa.SerialNumber);

    private async Task<T> RetryWhilePropagatingAsync<T>(Func<Task<T>> call, RoleArn role, Func<AmazonServiceException, Task<bool>> isPropagationSymptom, CancellationToken ct)
    {
        var waitingFor = $"role {role.RoleName}";
        AmazonServiceException? last = null;
        try
        {
            return await new Backoff(_time, _grace).RetryAsync(
                call,
                isPropagationSymptom,
                ct,
                beforeWait: async error =>
                {
                    if (last is null)
                    {
                        await _progress.WaitingAsync(waitingFor, $"Waiting for {waitingFor} to become usable (IAM changes take a while to propagate; AWS said {error.ErrorCode})...");
                    }

                    last = error;
                });
        }
        catch (MfaCodeUnavailableException) when (last is not null)
        {
            // The code was spent on a refused attempt and no fresh one can be had: report what AWS said.
            throw last;
        }
        finally
        {
            await _progress.StoppedAsync(waitingFor);
        }
    }
}

/// <summary>The session <see cref="RoleAssumer"/> handed out from the cache, and its replacement once AWS refused it (one per assumer).</summary>
internal sealed class CachedSession(AssumeRoleSpec spec, Func<CancellationToken, Task<CallerIdentity>> whoIsAsking, CliCredentialCache cache, ReplaceableCredentials credentials)
{
    public AssumeRoleSpec Spec { get; } = spec;

    public Func<CancellationToken, Task<CallerIdentity>> WhoIsAsking { get; } = whoIsAsking;

    public CliCredentialCache Cache { get; } = cache;

    public ReplaceableCredentials Credentials { get; } = credentials;

    public Task? Replacement { get; set; }
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
