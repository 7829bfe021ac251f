using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// One MFA code for many roles: when the source signs in with MFA and more than one role is to be assumed, the code
/// buys one session from GetSessionToken (kept in the credential cache, as aws-vault keeps its session tokens), and every
/// role is assumed with that session, without MFA parameters: a role whose trust asks aws:MultiFactorAuthPresent sees
/// MFA on the session. One prompt for 100 accounts, and none on a rerun while the session lasts.
/// </summary>
public sealed class MfaSourceSession
{
    /// <summary>GetSessionToken's shortest and longest session for an IAM user (900 s and 36 hours).</summary>
    public const int MinDurationSeconds = 900;

    public const int MaxDurationSeconds = 129600;

    private readonly IAwsClientFactory _clients;
    private readonly IApplyProgress _progress;
    private readonly CliCredentialCache? _cache;
    private readonly TimeProvider _time;

    /// <param name="cache">Where the MFA session is kept and found again; null (--no-cache): never cached.</param>
    public MfaSourceSession(IAwsClientFactory clients, IApplyProgress progress, CliCredentialCache? cache = null, TimeProvider? time = null)
    {
        _clients = clients;
        _progress = progress;
        _cache = cache;
        _time = time ?? cache?.Time ?? TimeProvider.System;
    }

    /// <summary>
    /// The source and settings to assume many roles with. With <see cref="AssumeRoleSettings.Mfa"/> set and a source of
    /// long-term keys: the source signed by an MFA session (the cached one while it is good for more than 15 minutes,
    /// else a new one for one code from the device), and the settings without MFA. Otherwise both as given: without
    /// MFA there is nothing to share, and session credentials (a role profile, aws-vault) cannot call GetSessionToken.
    /// The session lasts as long as the roles' sessions are asked to (DurationSeconds, within GetSessionToken's
    /// bounds); should it near its end while roles are still being assumed, one more code renews it.
    /// </summary>
    /// <exception cref="MfaCodeUnavailableException">No code can be had.</exception>
    public async Task<SourceForManyRoles> ForManyRolesAsync(SourceCredentials source, AssumeRoleSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Mfa is not { } mfa || !SourceMfa.HasLongTermKeys(source))
        {
            return new SourceForManyRoles(source, settings);
        }

        var accessKeyId = (await source.Session.Credentials.GetCredentialsAsync()).AccessKey;
        var duration = Math.Clamp(settings.DurationSeconds, MinDurationSeconds, MaxDurationSeconds);
        var key = CliCredentialCache.SessionKeyOf(accessKeyId, mfa.SerialNumber, duration);
        var session = _cache?.TryReadSession(key) ?? await NewSessionAsync(source, mfa, duration, key, ct);
        var credentials = new ReplaceableCredentials(session.Credentials, session.Expiration, _time, async () =>
        {
            await _progress.NoteAsync(
                $"The MFA session of {source.Description} expires in less than {ReplaceableCredentials.RenewWindow.TotalMinutes:0} minutes; asking for a new one.");
            var renewed = await NewSessionAsync(source, mfa, duration, key, ct);
            return new AssumedRole(renewed.Credentials, renewed.Expiration, AssumedRoleArn: "", Account: "");
        });
        var signed = new AwsSession(source.Session.ProfileName, credentials, source.Session.Region, source.Session.CredentialsFile, source.Session.Who);
        return new SourceForManyRoles(source with { Session = signed }, settings with { Mfa = null });
    }

    /// <summary>
    /// <see cref="ForManyRolesAsync"/> when more than one role is to be assumed (the fan-outs' one rule); for one role,
    /// both as given: its code goes to that AssumeRole itself, as a single-account command's does.
    /// </summary>
    public Task<SourceForManyRoles> ForRolesAsync(SourceCredentials source, AssumeRoleSettings settings, int roles, CancellationToken ct) =>
        roles > 1 ? ForManyRolesAsync(source, settings, ct) : Task.FromResult(new SourceForManyRoles(source, settings));

    private async Task<SessionTokenCredentials> NewSessionAsync(SourceCredentials source, MfaDevice mfa, int duration, string key, CancellationToken ct)
    {
        var code = await mfa.NextCode(ct) ?? throw new MfaCodeUnavailableException(mfa.SerialNumber);
        var session = await _clients.Sts(source.Session).GetSessionTokenAsync(mfa.SerialNumber, code, duration, ct);
        _cache?.WriteSession(key, session);
        return session;
    }
}

/// <summary>
/// The source to assume many roles with, and the settings for those AssumeRole calls (no MFA when the source's session
/// carries it). <see cref="Source"/> holds secrets: never print it.
/// </summary>
public sealed record SourceForManyRoles(SourceCredentials Source, AssumeRoleSettings Settings);
