using Amazon.Runtime;

namespace AssumeRoleCli.Aws.Credentials;

/// <summary>
/// Credentials that can be swapped under the clients already made with them: a cached session AWS refuses is replaced
/// by a fresh one, and the next request of every such client signs with it; one that would expire (within botocore's
/// mandatory refresh window) is renewed before a request is signed with it. Holds secrets: never print it.
/// </summary>
public sealed class ReplaceableCredentials : AWSCredentials
{
    /// <summary>botocore's _DEFAULT_MANDATORY_REFRESH_TIMEOUT: with less left, credentials are renewed before use.</summary>
    public static readonly TimeSpan RenewWindow = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly TimeProvider? _time;
    private readonly Func<Task<AssumedRole>>? _renew;
    private volatile Session _current;
    private Task? _renewal;

    /// <param name="expiration">When <paramref name="initial"/> expires; null: never renewed.</param>
    /// <param name="renew">Assumes the role again; null: never renewed.</param>
    public ReplaceableCredentials(AWSCredentials initial, DateTime? expiration = null, TimeProvider? time = null, Func<Task<AssumedRole>>? renew = null)
    {
        _current = new Session(initial, expiration);
        _time = time;
        _renew = renew;
    }

    public void Replace(AWSCredentials credentials, DateTime? expiration = null) => _current = new Session(credentials, expiration);

    public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        Task? renewal = null;
        lock (_gate)
        {
            if (NeedsRenewal())
            {
                // One renewal for every request that finds the session near its end.
                renewal = _renewal ??= RenewAsync();
            }
        }

        if (renewal is not null)
        {
            await renewal;
        }

        return await _current.Credentials.GetCredentialsAsync();
    }

    private async Task RenewAsync()
    {
        // Never finish inside the caller's lock: the task must be stored before it clears itself.
        await Task.Yield();
        try
        {
            var fresh = await _renew!();
            Replace(fresh.Credentials, fresh.Expiration);
        }
        finally
        {
            lock (_gate)
            {
                _renewal = null;
            }
        }
    }

    private bool NeedsRenewal() =>
        _renew is not null && _time is not null && _current.Expiration is { } expiration && expiration - _time.GetUtcNow().UtcDateTime < RenewWindow;

    private sealed record Session(AWSCredentials Credentials, DateTime? Expiration);
}
