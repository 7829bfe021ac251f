using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace AssumeRoleCli.Aws.Credentials;

/// <summary>Asks for the current code of the MFA device <paramref name="mfaSerial"/> that a role profile names.</summary>
public delegate string MfaTokenCodeProvider(string profileName, string mfaSerial);

/// <summary>
/// Builds the credentials of one profile as the AWS CLI v2 does: a role profile (<c>role_arn</c> with
/// <c>source_profile</c> or <c>credential_source</c>) assumes its role with its source's credentials, following chains;
/// a source profile with static keys is used for them even if it also has a role (so a profile may name itself as
/// its source); then SSO, static keys, <c>credential_process</c>, web identity, and whatever else the SDK's factory knows.
/// </summary>
internal sealed class ProfileChain
{
    private const int MaxLinks = 8;
    private readonly ProfileStore _store;
    private readonly AwsEnvironment _environment;
    private readonly IAwsClientFactory _clients;
    private readonly MfaTokenCodeProvider? _mfaTokenCode;
    private readonly string _filesRead;

    public ProfileChain(ProfileStore store, AwsEnvironment environment, IAwsClientFactory clients, MfaTokenCodeProvider? mfaTokenCode, string filesRead)
    {
        _store = store;
        _environment = environment;
        _clients = clients;
        _mfaTokenCode = mfaTokenCode;
        _filesRead = filesRead;
    }

    /// <summary>Whether a profile says anything about credentials (a config section with only a region does not).</summary>
    public static bool HasCredentialSettings(CredentialProfileOptions options) =>
        options.AccessKey is not null || options.RoleArn is not null || options.CredentialProcess is not null ||
        options.SsoStartUrl is not null || options.SsoSession is not null || options.SsoAccountId is not null ||
        options.WebIdentityTokenFile is not null || options.CredentialSource is not null;

    /// <param name="region">The profile's region: STS is called there, as the AWS CLI does.</param>
    public AWSCredentials For(CredentialProfile profile, RegionEndpoint region) => For(profile, region, [], asSource: false);

    private AWSCredentials For(CredentialProfile profile, RegionEndpoint region, IReadOnlyList<string> chain, bool asSource)
    {
        var options = profile.Options;
        if (asSource && options.AccessKey is not null)
        {
            return StaticKeys(profile);
        }

        if (options.RoleArn is { } roleArn && options.WebIdentityTokenFile is null)
        {
            return Role(profile, roleArn, region, chain);
        }

        if (options.SsoAccountId is not null || options.SsoRoleName is not null)
        {
            return SsoProfileCredentials.ForProfile(profile, _environment, _clients);
        }

        if (options.AccessKey is not null)
        {
            return StaticKeys(profile);
        }

        if (options.CredentialProcess is { } command)
        {
            if (_environment.StartedForProfiles.Contains(profile.Name, StringComparer.Ordinal))
            {
                throw new AwsConfigurationException(
                    $"Profile '{profile.Name}' is being resolved inside its own credential_process (assumerole started for it resolves it again, " +
                    "e.g. through AWS_PROFILE): a loop. Give that credential_process command --source-profile with another profile.");
            }

            var marker = _environment.MarksCredentialProcesses ? string.Join('\n', _environment.StartedForProfiles.Append(profile.Name)) : null;
            return new ProcessProfileCredentials(profile.Name, command, options.AwsAccountId, marker);
        }

        if (options is { RoleArn: { } webRoleArn, WebIdentityTokenFile: { } tokenFile })
        {
            var unsigned = new AwsSession(profile.Name, new AnonymousAWSCredentials(), region, _environment.CredentialsFile);
            return new WebIdentityProfileCredentials(profile.Name, tokenFile, webRoleArn, options.RoleSessionName, _clients.CredentialsSts(unsigned));
        }

        // Anything else the SDK's own factory knows (it throws, one line, on what it does not).
        return AWSCredentialsFactory.GetAWSCredentials(profile, _store.Sdk);
    }

    private RoleProfileCredentials Role(CredentialProfile profile, string roleArn, RegionEndpoint region, IReadOnlyList<string> chain)
    {
        var options = profile.Options;
        if (chain.Count >= MaxLinks)
        {
            throw new AwsConfigurationException($"Profile '{profile.Name}' chains through more than {MaxLinks} source_profile links ({string.Join(" -> ", chain)}); is there a loop?");
        }

        // As botocore's AssumeRoleProvider: exactly one of the two says who assumes the role; the profile's other keys never stand in.
        if (options.SourceProfile is null == options.CredentialSource is null)
        {
            throw new AwsConfigurationException(options.SourceProfile is null
                ? $"Profile '{profile.Name}' has role_arn but neither source_profile nor credential_source in {_filesRead}: add one of them (the AWS CLI refuses this profile too)."
                : $"Profile '{profile.Name}' has both source_profile and credential_source in {_filesRead}: keep one of them (the AWS CLI refuses this profile too).");
        }

        var source = options.CredentialSource is { } credentialSource
            ? new AwsSession(profile.Name, CredentialSource(profile.Name, credentialSource), region, _environment.CredentialsFile)
            : SourceProfile(profile, options.SourceProfile!, region, [.. chain, profile.Name]);
        var assumeRole = new AssumeRoleAWSCredentialsOptions
        {
            ExternalId = options.ExternalID,
            DurationSeconds = ProfileSettings.DurationSeconds(_environment, profile.Name),
        };
        if (options.MfaSerial is { } mfaSerial)
        {
            var ask = _mfaTokenCode ?? throw new AwsConfigurationException(
                $"Profile '{profile.Name}' assumes {roleArn} with the MFA device {mfaSerial} (mfa_serial), and needs an MFA code, " +
                "which assumerole cannot ask for yet; use a profile with temporary credentials (e.g. from 'aws sts get-session-token') instead.");
            assumeRole.MfaSerialNumber = mfaSerial;
            assumeRole.MfaTokenCodeCallback = () => ask(profile.Name, mfaSerial);
        }

        var sessionName = options.RoleSessionName ?? AwsNames.SessionNameFor(profile.Name);
        return new RoleProfileCredentials(profile.Name, source, _clients.CredentialsSts(source), roleArn, sessionName, assumeRole);
    }

    private AwsSession SourceProfile(CredentialProfile profile, string sourceName, RegionEndpoint region, IReadOnlyList<string> chain)
    {
        if (sourceName == profile.Name)
        {
            // The AWS CLI allows this so that a profile keeps its keys and its role together: the keys are the source.
            return profile.Options.AccessKey is not null
                ? new AwsSession(profile.Name, StaticKeys(profile), region, _environment.CredentialsFile)
                : throw new AwsConfigurationException(
                    $"Profile '{profile.Name}' names itself as source_profile but has no aws_access_key_id/aws_secret_access_key of its own in {_filesRead}.");
        }

        if (chain.Contains(sourceName, StringComparer.Ordinal))
        {
            throw new AwsConfigurationException($"Profile '{profile.Name}': source_profile links form a loop ({string.Join(" -> ", chain)} -> {sourceName}).");
        }

        if (!_store.TryGetProfile(sourceName, out var source) || !HasCredentialSettings(source.Options))
        {
            throw new AwsConfigurationException($"Profile '{profile.Name}' names source_profile '{sourceName}', which has no credentials in {_filesRead}.");
        }

        return new AwsSession(sourceName, For(source, region, chain, asSource: true), region, _environment.CredentialsFile);
    }

    private AWSCredentials CredentialSource(string profileName, string credentialSource)
    {
        if (credentialSource.Equals("Environment", StringComparison.OrdinalIgnoreCase))
        {
            return _environment.Credentials?.ToAwsCredentials() ?? throw new AwsConfigurationException(
                $"Profile '{profileName}' has credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.");
        }

        if (credentialSource.Equals("Ec2InstanceMetadata", StringComparison.OrdinalIgnoreCase))
        {
            return new InstanceProfileAWSCredentials();
        }

        if (credentialSource.Equals("EcsContainer", StringComparison.OrdinalIgnoreCase))
        {
            return new GenericContainerCredentials();
        }

        throw new AwsConfigurationException(
            $"Profile '{profileName}' has credential_source = {credentialSource}; it must be Environment, Ec2InstanceMetadata or EcsContainer.");
    }

    private static AWSCredentials StaticKeys(CredentialProfile profile)
    {
        var options = profile.Options;
        if (string.IsNullOrEmpty(options.SecretKey))
        {
            throw new AwsConfigurationException($"Profile '{profile.Name}' has aws_access_key_id but no aws_secret_access_key.");
        }

        return string.IsNullOrEmpty(options.Token)
            ? new BasicAWSCredentials(options.AccessKey, options.SecretKey)
            : new SessionAWSCredentials(options.AccessKey, options.SecretKey, options.Token);
    }
}
