using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace AssumeRoleCli.Aws.Credentials;

/// <summary>
/// Turns a named profile, or the environment, into an <see cref="AwsSession"/> through the SDK's own profile store,
/// reading every kind of profile the AWS CLI v2 reads (see <see cref="ProfileChain"/>).
/// </summary>
public sealed class ProfileResolver
{
    /// <summary>The source profile when nothing else names one (the tutorial's <c>provider "aws" { profile = "source" }</c>).</summary>
    public const string DefaultSourceProfile = "source";

    private readonly AwsEnvironment _environment;
    private readonly IAwsClientFactory _clients;
    private readonly MfaTokenCodeProvider? _mfaTokenCode;
    private readonly Action<string>? _credentialsFileRead;
    private ProfileStore? _store;

    /// <param name="clients">Calls STS for role profiles and IAM Identity Center for SSO profiles.</param>
    /// <param name="mfaTokenCode">
    /// Asks for an MFA code when a role profile has <c>mfa_serial</c>; without it such a profile is refused with one line.
    /// </param>
    /// <param name="credentialsFileRead">Told the credentials file's path when the profiles are first read (the caller checks its permissions, then <see cref="HoldsSecretKey"/>).</param>
    public ProfileResolver(AwsEnvironment environment, IAwsClientFactory clients, MfaTokenCodeProvider? mfaTokenCode = null, Action<string>? credentialsFileRead = null)
    {
        _environment = environment;
        _clients = clients;
        _mfaTokenCode = mfaTokenCode;
        _credentialsFileRead = credentialsFileRead;
    }

    public string FilesRead => $"{_environment.CredentialsFile} and {_environment.ConfigFile}";

    /// <summary>
    /// The source identity, in this order: <c>--source-profile</c> when given (non-null); else credentials in the
    /// environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN); else the profile AWS_PROFILE names;
    /// else the profile <c>source</c>. Only the source ever comes from the environment, never the destination.
    /// </summary>
    public SourceCredentials ResolveSource(string? sourceProfileOption, string? regionOption) =>
        TryResolveSource(sourceProfileOption, regionOption)
        ?? throw (sourceProfileOption is not null ? NotFound(sourceProfileOption, "")
            : _environment.Profile is { } named ? NotFound(named, " (named by AWS_PROFILE)")
            : new AwsConfigurationException(
                $"No source credentials: pass --source-profile, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE, " +
                $"or add a profile '{DefaultSourceProfile}' ('aws configure --profile {DefaultSourceProfile}'). Read {FilesRead}; profiles found: {DescribeAvailable()}."));

    /// <summary>
    /// True when the source was named (by --source-profile, or by AWS_PROFILE without keys in the environment): a
    /// missing one is then an error, as in the AWS CLI, even where a command could do without the source.
    /// </summary>
    public bool SourceIsNamed(string? sourceProfileOption) => sourceProfileOption is not null || (_environment.Credentials is null && _environment.Profile is not null);

    /// <summary>The same order as <see cref="ResolveSource"/>; null when the profile it settles on does not exist (teardown can do without).</summary>
    public SourceCredentials? TryResolveSource(string? sourceProfileOption, string? regionOption)
    {
        if (sourceProfileOption is not null)
        {
            return TryResolve(sourceProfileOption, regionOption) is { } given ? new(given, $"profile '{sourceProfileOption}'", Note: null) : null;
        }

        if (_environment.Credentials is { } keys)
        {
            // As in the AWS CLI, the keys come from the environment and the rest (region, endpoint_url) from AWS_PROFILE or default.
            // Half a key pair is said before a missing region: with no region set either, that line alone would mislead.
            var configProfile = _environment.Profile ?? "default";
            var credentials = keys.ToAwsCredentials();
            var region = ResolveRegion(regionOption, ProfileRegion(configProfile), EnvironmentCredentials.Description, configProfile);
            var session = new AwsSession(configProfile, credentials, region, _environment.CredentialsFile, EnvironmentCredentials.Description);
            return new(session, EnvironmentCredentials.Description, $"source: {EnvironmentCredentials.Description}");
        }

        if (_environment.Profile is { } named)
        {
            return TryResolve(named, regionOption) is { } fromVariable ? new(fromVariable, $"profile '{named}'", $"source: profile '{named}' from AWS_PROFILE") : null;
        }

        return TryResolve(DefaultSourceProfile, regionOption) is { } fallback ? new(fallback, $"profile '{DefaultSourceProfile}'", Note: null) : null;
    }

    /// <summary>Resolves the profile, or fails with one line naming it, the profiles that exist and the files read.</summary>
    public AwsSession Resolve(string profileName, string? regionOption) =>
        TryResolve(profileName, regionOption) ?? throw NotFound(profileName, "");

    /// <summary>Resolves the profile if it exists; null when it does not (e.g. the destination profile is optional).</summary>
    public AwsSession? TryResolve(string profileName, string? regionOption)
    {
        var store = Store();
        if (!TryGetProfile(store, profileName, out var profile) || !ProfileChain.HasCredentialSettings(profile.Options))
        {
            // A [profile x] section in config with only a region is not a usable profile (the tutorial comments
            // the destination's keys out, leaving its region behind).
            return null;
        }

        var region = ResolveRegion(regionOption, profile.Region?.SystemName, $"profile '{profileName}'", profileName);
        AWSCredentials credentials;
        try
        {
            credentials = new ProfileChain(store, _environment, _clients, _mfaTokenCode, FilesRead).For(profile, region);
        }
        catch (Exception error) when (error is InvalidDataException or ArgumentException or InvalidOperationException or AmazonClientException)
        {
            throw new AwsConfigurationException($"Profile '{profileName}' in {FilesRead} has no usable credentials: {AwsErrorCodes.OneLine(error.Message)}", error);
        }

        return new AwsSession(profileName, credentials, region, _environment.CredentialsFile);
    }

    /// <summary>
    /// The <c>mfa_serial</c> of the role profile <paramref name="profileName"/> (or of a role profile it chains through),
    /// so a command can ask for, or require, an MFA code before resolving it; null when none needs one.
    /// </summary>
    public string? MfaSerialOf(string profileName)
    {
        var store = Store();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var name = profileName; seen.Add(name) && TryGetProfile(store, name, out var profile);)
        {
            if (profile.Options.RoleArn is null || (seen.Count > 1 && profile.Options.AccessKey is not null))
            {
                return null;
            }

            if (profile.Options.MfaSerial is { } serial)
            {
                return serial;
            }

            if (profile.Options.SourceProfile is not { } next)
            {
                return null;
            }

            name = next;
        }

        return null;
    }

    /// <summary>
    /// The <c>mfa_serial</c> of a profile that signs with its own keys (no <c>role_arn</c>): the MFA device of the identity
    /// that calls AssumeRole for a command. Null for role profiles (their mfa_serial is for their own role, <see cref="MfaSerialOf"/>).
    /// </summary>
    public string? OwnMfaSerialOf(string profileName) =>
        TryGetProfile(Store(), profileName, out var profile) && profile.Options.RoleArn is null ? profile.Options.MfaSerial : null;

    /// <summary>--region, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region.</summary>
    internal RegionEndpoint ResolveRegion(string? regionOption, string? profileRegion, string what, string profileName)
    {
        var name = regionOption ?? _environment.Region ?? _environment.DefaultRegion ?? profileRegion;
        if (string.IsNullOrEmpty(name))
        {
            throw new AwsConfigurationException(
                $"No region for {what}: pass --region, set AWS_REGION, or add 'region = us-east-1' " +
                $"under [{(profileName == "default" ? "default" : $"profile {profileName}")}] in {_environment.ConfigFile}.");
        }

        if (!AwsNames.IsValidRegion(name))
        {
            throw new InvalidRegionNameException($"'{name}' is not an AWS region name (for example us-east-1).");
        }

        return RegionEndpoint.GetBySystemName(name);
    }

    private string? ProfileRegion(string profileName) =>
        TryGetProfile(Store(), profileName, out var profile) ? profile.Region?.SystemName : null;

    private AwsConfigurationException NotFound(string profileName, string namedBy) => new(
        $"Profile '{profileName}'{namedBy} was not found, or has no credentials, in {FilesRead}. Profiles found: {DescribeAvailable()}. " +
        $"Add it with 'aws configure --profile {profileName}'.");

    private bool TryGetProfile(ProfileStore store, string profileName, out CredentialProfile profile)
    {
        try
        {
            return store.TryGetProfile(profileName, out profile);
        }
        catch (AmazonClientException error)
        {
            // E.g. "Failed to find sso_session [x]": the profile names an [sso-session] section that does not exist.
            throw new AwsConfigurationException($"Profile '{profileName}' in {FilesRead} is not usable: {AwsErrorCodes.OneLine(error.Message)}", error);
        }
    }

    /// <summary>The profiles of the credentials and config files, sorted (for messages and tab completion).</summary>
    public IReadOnlyList<string> ProfileNames() => [.. Store().Sdk.ListProfileNames().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private string DescribeAvailable()
    {
        var names = ProfileNames();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    private ProfileStore Store()
    {
        if (_store is not null)
        {
            return _store;
        }

        try
        {
            _store = new ProfileStore(new SharedCredentialsFile(_environment.CredentialsFile));
            _credentialsFileRead?.Invoke(_environment.CredentialsFile);
        }
        catch (Exception error) when (error is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new AwsConfigurationException($"Cannot read AWS profiles from {FilesRead}: {AwsErrorCodes.OneLine(error.Message)}", error);
        }

        return _store;
    }

    /// <summary>
    /// Whether the credentials file holds a secret access key, which is what makes its permissions matter: not an empty
    /// or device file (AWS_SHARED_CREDENTIALS_FILE=/dev/null, as CI jobs set it) nor one of profiles without keys.
    /// </summary>
    public static bool HoldsSecretKey(string path)
    {
        try
        {
            return File.ReadLines(path).Any(line => line.TrimStart().StartsWith("aws_secret_access_key", StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
