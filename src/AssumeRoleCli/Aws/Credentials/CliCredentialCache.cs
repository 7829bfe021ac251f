using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;

namespace AssumeRoleCli.Aws.Credentials;

/// <summary>
/// The AWS CLI's own credential cache (~/.aws/cli/cache/&lt;sha1&gt;.json, as botocore's JSONFileCache writes it), for
/// credentials obtained with MFA: a second command, or the AWS CLI itself, reuses them instead of asking for another
/// code. Files are 0600 and written atomically; credentials are used until 15 minutes before they expire (botocore's window).
/// </summary>
public sealed class CliCredentialCache
{
    /// <summary>
    /// botocore's CachedCredentialFetcher.DEFAULT_EXPIRY_WINDOW_SECONDS (and its advisory refresh window): cached
    /// credentials with less left are not reused, so what a command or an exec child gets lasts through its waits.
    /// </summary>
    public static readonly TimeSpan ExpiryWindow = TimeSpan.FromMinutes(15);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const string AskedAgain = "the next command asks for a code again";
    private readonly string? _directory;
    private readonly string? _unavailable;
    private readonly TimeProvider _time;
    private readonly Action<string> _warn;

    /// <param name="warn">Says, on one line, that a session could not be cached (it is a warning: the credentials are good).</param>
    public CliCredentialCache(string directory, TimeProvider time, Action<string>? warn = null)
        : this(directory, null, time, warn)
    {
    }

    private CliCredentialCache(string? directory, string? unavailable, TimeProvider time, Action<string>? warn)
    {
        _directory = directory;
        _unavailable = unavailable;
        _time = time;
        _warn = warn ?? (_ => { });
    }

    /// <summary>The clock expirations are read against.</summary>
    public TimeProvider Time => _time;

    /// <summary>The folder sessions are kept in; null when there is none.</summary>
    public string? Location => _directory;

    /// <summary>A cache with nowhere to keep sessions (<paramref name="why"/>): nothing is found, and a write only warns.</summary>
    public static CliCredentialCache Unavailable(string why, TimeProvider time, Action<string>? warn) => new(null, why, time, warn);

    /// <summary>Only credentials obtained with MFA are cached: without MFA, asking STS again costs nothing.</summary>
    public static bool Caches(AssumeRoleSpec spec) => spec.Mfa is not null;

    /// <summary>
    /// botocore's AssumeRoleCredentialFetcher key: sha1 of the AssumeRole arguments as Python's json.dumps(sort_keys=True)
    /// writes them. The AWS CLI leaves out what it would not send (DurationSeconds unless configured, a generated session
    /// name), so our defaults are left out too and a profile with the same role_arn and mfa_serial finds the same file.
    /// </summary>
    public static string KeyOf(AssumeRoleSpec spec)
    {
        var args = new SortedDictionary<string, object>(StringComparer.Ordinal) { ["RoleArn"] = spec.Role.ToString() };
        if (spec.DurationSeconds != AssumeRoleSpec.DefaultDurationSeconds)
        {
            args["DurationSeconds"] = spec.DurationSeconds;
        }

        if (spec.ExternalId is { } externalId)
        {
            args["ExternalId"] = externalId;
        }

        if (spec.SessionName != AssumeRoleSpec.DefaultSessionName)
        {
            args["RoleSessionName"] = spec.SessionName;
        }

        if (spec.Mfa is { } mfa)
        {
            args["SerialNumber"] = mfa.SerialNumber;
        }

        // An AssumeRole argument like the others: a session of another source identity is another session.
        if (spec.SourceIdentity is { } sourceIdentity)
        {
            args["SourceIdentity"] = sourceIdentity;
        }

        var json = "{" + string.Join(", ", args.Select(a => $"{PythonJson.String(a.Key)}: {(a.Value is int n ? n.ToString(CultureInfo.InvariantCulture) : PythonJson.String((string)a.Value))}")) + "}";
#pragma warning disable CA5350 // Not for security: the AWS CLI names its cache files by this SHA-1, and ours must match.
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(json)));
#pragma warning restore CA5350
    }

    /// <summary>
    /// The key of an MFA session from GetSessionToken (the AWS CLI caches none; aws-vault keeps them per profile): sha1
    /// of its arguments, as <see cref="KeyOf"/> hashes AssumeRole's, plus the calling access key id, so a profile given
    /// another user's mfa_serial never finds that user's session. AssumeRole keys always hold RoleArn and never
    /// GetSessionToken, so the two kinds never share a file.
    /// </summary>
    public static string SessionKeyOf(string accessKeyId, string serialNumber, int durationSeconds)
    {
        var json = $"{{{PythonJson.String("AccessKeyId")}: {PythonJson.String(accessKeyId)}, {PythonJson.String("DurationSeconds")}: " +
            $"{durationSeconds.ToString(CultureInfo.InvariantCulture)}, {PythonJson.String("GetSessionToken")}: true, " +
            $"{PythonJson.String("SerialNumber")}: {PythonJson.String(serialNumber)}}}";
#pragma warning disable CA5350 // Not for security: a file name, hashed as the AWS CLI names its cache files.
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(json)));
#pragma warning restore CA5350
    }

    /// <summary>The MFA session kept under <paramref name="key"/> (<see cref="SessionKeyOf"/>), if good for more than <see cref="ExpiryWindow"/>.</summary>
    public SessionTokenCredentials? TryReadSession(string key)
    {
        if (_directory is null || ReadGood(Path.Combine(_directory, key + ".json")) is not { } cached)
        {
            return null;
        }

        return new SessionTokenCredentials(
            new SessionAWSCredentials(cached.Credentials.AccessKeyId, cached.Credentials.SecretAccessKey, cached.Credentials.SessionToken),
            cached.Expiration.UtcDateTime);
    }

    /// <summary>Keeps an MFA session under <paramref name="key"/>, as <see cref="Write"/> keeps a role's (owner-only, atomically; a failure warns).</summary>
    public void WriteSession(string key, SessionTokenCredentials session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Expiration is not { } expiration)
        {
            return;
        }

        if (_directory is null)
        {
            _warn($"Warning: the MFA session is not cached ({_unavailable}); {AskedAgain}.");
            return;
        }

        try
        {
            WriteFile(_directory, Path.Combine(_directory, key + ".json"), session.Credentials, roleUserArn: null, expiration);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            _warn($"Warning: could not cache the MFA session in {_directory} ({AwsErrorCodes.OneLine(error.Message)}); {AskedAgain}.");
        }
    }

    /// <summary>Where the session for <paramref name="spec"/> is kept.</summary>
    public string PathOf(AssumeRoleSpec spec) => TryPathOf(spec) ?? throw new InvalidOperationException($"The credential cache has no place: {_unavailable}.");

    private string? TryPathOf(AssumeRoleSpec spec) => _directory is null ? null : Path.Combine(_directory, KeyOf(spec) + ".json");

    /// <summary>Cached credentials still good for more than <see cref="ExpiryWindow"/>; null otherwise (or unreadable).</summary>
    public AssumedRole? TryRead(AssumeRoleSpec spec)
    {
        if (TryPathOf(spec) is not { } path)
        {
            return null;
        }

        if (ReadGood(path) is not { } cached)
        {
            return null;
        }

        var assumedArn = cached.AssumedRoleUser?.Arn ?? spec.Role.ToString();
        var account = assumedArn.Split(':') is { Length: > 4 } parts ? parts[4] : spec.Role.AccountId;
        return new AssumedRole(
            new SessionAWSCredentials(cached.Credentials.AccessKeyId, cached.Credentials.SecretAccessKey, cached.Credentials.SessionToken),
            cached.Expiration.UtcDateTime,
            assumedArn,
            account);
    }

    /// <summary>A cache file's credentials and expiration, when readable and good for more than <see cref="ExpiryWindow"/>.</summary>
    private GoodSession? ReadGood(string path)
    {
        CachedAssumeRole? cached;
        try
        {
            using var file = File.OpenRead(path);
            cached = JsonSerializer.Deserialize(file, CacheJsonContext.Default.CachedAssumeRole);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException)
        {
            // Missing, unreadable or not ours to understand: the AWS CLI also just asks STS again.
            return null;
        }

        return cached?.Credentials is { AccessKeyId.Length: > 0, SecretAccessKey.Length: > 0, Expiration: { } expirationText } credentials &&
            TryParseExpiration(expirationText, out var expiration) &&
            expiration - _time.GetUtcNow() > ExpiryWindow
            ? new GoodSession(new CachedCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, expirationText), cached.AssumedRoleUser, expiration)
            : null;
    }

    private sealed record GoodSession(CachedCredentials Credentials, CachedRoleUser? AssumedRoleUser, DateTimeOffset Expiration);

    /// <summary>
    /// Writes the credentials owner-only, atomically (a temporary file renamed over the old one). A cache that cannot be
    /// written (no home, a read-only one, a file where the folder should be) is a warning: the MFA code is spent, and
    /// the credentials it bought are good.
    /// </summary>
    public void Write(AssumeRoleSpec spec, AssumedRole assumed)
    {
        if (assumed.Expiration is not { } expiration)
        {
            return;
        }

        if (_directory is null)
        {
            _warn($"Warning: the MFA session is not cached ({_unavailable}); {AskedAgain}.");
            return;
        }

        try
        {
            WriteFile(_directory, PathOf(spec), assumed.Credentials, assumed.AssumedRoleArn, expiration);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            _warn($"Warning: could not cache the MFA session in {_directory} ({AwsErrorCodes.OneLine(error.Message)}); {AskedAgain}.");
        }
    }

    /// <param name="roleUserArn">AssumeRole's AssumedRoleUser; null for a GetSessionToken session, which has none.</param>
    private static void WriteFile(string directory, string target, AWSCredentials credentials, string? roleUserArn, DateTime expiration)
    {
        var keys = credentials.GetCredentials();
        var document = new CachedAssumeRole(
            new CachedCredentials(keys.AccessKey, keys.SecretKey, keys.Token, FormatExpiration(expiration)),
            roleUserArn is null ? null : new CachedRoleUser(roleUserArn, AssumedRoleId: null),
            new CachedResponseMetadata(HttpStatusCode: 200));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnly | UnixFileMode.UserExecute);
            options.UnixCreateMode = OwnerOnly;
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(file, document, CacheJsonContext.Default.CachedAssumeRole);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Removes the session kept for <paramref name="spec"/> (AWS refused it); a failure to remove it is a warning.</summary>
    public void Remove(AssumeRoleSpec spec)
    {
        if (TryPathOf(spec) is not { } path)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            _warn($"Warning: could not remove the refused cached session {path} ({AwsErrorCodes.OneLine(error.Message)}); delete it by hand.");
        }
    }

    /// <summary>
    /// Removes every cached session of <paramref name="role"/> (any session name, ours or the AWS CLI's), after the role
    /// was deleted: a role made again under the same name would otherwise be handed a dead session. A file is known
    /// by its AssumedRoleUser (arn:partition:sts::account:assumed-role/name/session): the key cannot be reversed.
    /// </summary>
    /// <returns>How many were removed.</returns>
    public int Forget(RoleArn role)
    {
        if (_directory is null || !Directory.Exists(_directory))
        {
            return 0;
        }

        var prefix = $"arn:{role.Partition}:sts::{role.AccountId}:assumed-role/{role.RoleName}/";
        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(_directory, "*.json"))
        {
            try
            {
                using (var file = File.OpenRead(path))
                {
                    if (JsonSerializer.Deserialize(file, CacheJsonContext.Default.CachedAssumeRole)?.AssumedRoleUser?.Arn?.StartsWith(prefix, StringComparison.Ordinal) != true)
                    {
                        continue;
                    }
                }

                File.Delete(path);
                removed++;
            }
            catch (JsonException)
            {
                // Not a session file we understand: not ours to remove.
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                _warn($"Warning: could not remove {path}, a cached session of the deleted role {role} ({AwsErrorCodes.OneLine(error.Message)}); delete it by hand.");
            }
        }

        return removed;
    }

    /// <summary>botocore writes '%Y-%m-%dT%H:%M:%S%Z' (e.g. 2026-01-02T03:04:05UTC) and reads any ISO 8601 form.</summary>
    public static string FormatExpiration(DateTime expiration) =>
        expiration.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "UTC";

    private static bool TryParseExpiration(string text, out DateTimeOffset expiration)
    {
        var iso = text.EndsWith("UTC", StringComparison.Ordinal) ? text[..^3] + "Z" : text;
        return DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out expiration);
    }

    /// <summary>Strings as Python's json.dumps writes them (ensure_ascii): what the cache key is hashed from.</summary>
    private static class PythonJson
    {
        public static string String(string value)
        {
            var text = new StringBuilder("\"");
            foreach (var c in value)
            {
                text.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    '\b' => "\\b",
                    '\f' => "\\f",
                    < ' ' or > '~' => $"\\u{(int)c:x4}",
                    _ => c.ToString(),
                });
            }

            return text.Append('"').ToString();
        }
    }
}
