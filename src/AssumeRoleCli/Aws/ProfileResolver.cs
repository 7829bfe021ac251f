using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace AssumeRoleCli.Aws;

/// <summary>
/// Turns a named profile into an <see cref="AwsSession"/> through the SDK's own profile store, so static keys,
/// session tokens, role_arn/source_profile and credential_process profiles all work as in the AWS CLI.
/// </summary>
public sealed class ProfileResolver
{
    private const int MaxProfileChain = 8;
    private readonly AwsEnvironment _environment;
    private readonly IAwsClientFactory _clients;
    private SharedCredentialsFile? _store;

    /// <param name="clients">Calls STS for profiles that themselves assume a role.</param>
    public ProfileResolver(AwsEnvironment environment, IAwsClientFactory clients)
    {
        _environment = environment;
        _clients = clients;
    }

    /// <summary>Resolves the profile, or fails with one line naming it, the profiles that exist and the files read.</summary>
    public AwsSession Resolve(string profileName, string? regionOption) =>
        TryResolve(profileName, regionOption) ?? throw new CliException(
            $"Profile '{profileName}' was not found, or has no credentials, in {FilesRead}. Profiles found: {DescribeAvailable()}. " +
            "Add it with 'aws configure --profile " + profileName + "'.");

    /// <summary>Resolves the profile if it exists; null when it does not (e.g. the destination profile is optional).</summary>
    public AwsSession? TryResolve(string profileName, string? regionOption) => TryResolve(profileName, regionOption, depth: 0);

    private AwsSession? TryResolve(string profileName, string? regionOption, int depth)
    {
        var store = Store();
        if (!store.TryGetProfile(profileName, out var profile) || !HasCredentialSettings(profile.Options))
        {
            // A [profile x] section in config with only a region is not a usable profile (the tutorial comments
            // the destination's keys out, leaving its region behind).
            return null;
        }

        var region = ResolveRegion(regionOption, profile.Region?.SystemName, profileName);
        AWSCredentials credentials;
        try
        {
            credentials = profile.Options is { RoleArn: { } roleArn, SourceProfile: { } sourceProfile }
                ? ChainedRoleCredentials(profileName, roleArn, sourceProfile, profile.Options, region, depth)
                : AWSCredentialsFactory.GetAWSCredentials(profile, store);
        }
        catch (Exception error) when (error is InvalidDataException or ArgumentException or InvalidOperationException or AmazonClientException)
        {
            throw new CliException($"Profile '{profileName}' in {FilesRead} has no usable credentials: {OneLine(error.Message)}", error);
        }

        return new AwsSession(profileName, credentials, region, _environment.CredentialsFile);
    }

    private RoleProfileCredentials ChainedRoleCredentials(
        string profileName, string roleArn, string sourceProfile, CredentialProfileOptions options, RegionEndpoint region, int depth)
    {
        if (depth >= MaxProfileChain)
        {
            throw new CliException($"Profile '{profileName}' chains through more than {MaxProfileChain} source_profile links; is there a loop?");
        }

        if (options.MfaSerial is not null || options.ExternalID is not null)
        {
            throw new CliException(
                $"Profile '{profileName}' assumes {roleArn} with {(options.MfaSerial is not null ? "mfa_serial" : "external_id")}, " +
                "which assumerole does not support yet; use a profile with temporary credentials (e.g. from 'aws sts assume-role') instead.");
        }

        // STS is called in the chained profile's region, as the AWS CLI does.
        var source = TryResolve(sourceProfile, region.SystemName, depth + 1)
            ?? throw new CliException($"Profile '{profileName}' names source_profile '{sourceProfile}', which has no credentials in {FilesRead}.");
        var sessionName = options.RoleSessionName ?? $"assumerole-{profileName}";
        var role = RoleArn.TryParse(roleArn, out var parsed)
            ? parsed
            : throw new CliException($"Profile '{profileName}' has role_arn '{roleArn}', which is not an IAM role ARN ({RoleArn.Expected}).");
        return new RoleProfileCredentials(_clients.Sts(source), new AssumeRoleSpec(role, sessionName, AssumeRoleSpec.DefaultDurationSeconds));
    }

    /// <summary>--region, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region.</summary>
    internal RegionEndpoint ResolveRegion(string? regionOption, string? profileRegion, string profileName)
    {
        var name = regionOption ?? _environment.Region ?? _environment.DefaultRegion ?? profileRegion;
        if (string.IsNullOrEmpty(name))
        {
            throw new CliException(
                $"No region for profile '{profileName}': pass --region, set AWS_REGION, or add 'region = us-east-1' " +
                $"under [profile {profileName}] in {_environment.ConfigFile}.");
        }

        if (!AwsNames.IsValidRegion(name))
        {
            throw CliException.Usage($"'{name}' is not an AWS region name (for example us-east-1).");
        }

        return RegionEndpoint.GetBySystemName(name);
    }

    private static bool HasCredentialSettings(CredentialProfileOptions options) =>
        options.AccessKey is not null || options.RoleArn is not null || options.CredentialProcess is not null ||
        options.SsoStartUrl is not null || options.SsoSession is not null || options.WebIdentityTokenFile is not null ||
        options.CredentialSource is not null;

    public string FilesRead => $"{_environment.CredentialsFile} and {_environment.ConfigFile}";

    private string DescribeAvailable()
    {
        var names = Store().ListProfileNames();
        return names.Count == 0 ? "none" : string.Join(", ", names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    private SharedCredentialsFile Store()
    {
        if (_store is not null)
        {
            return _store;
        }

        try
        {
            _store = new SharedCredentialsFile(_environment.CredentialsFile);
        }
        catch (Exception error) when (error is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliException($"Cannot read AWS profiles from {FilesRead}: {OneLine(error.Message)}", error);
        }

        return _store;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
