using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;

namespace AssumeRoleCli.Aws.Credentials;

/// <summary>
/// The SDK's own <see cref="AssumeRoleAWSCredentials"/> (its options, request mapping, refresh and expiry handling) for a
/// profile that assumes a role, given the STS client it cannot find under Native AOT. The SDK would take that client
/// from <c>GlobalRuntimeDependencyRegistry</c>, whose factory is process-wide and is told only a region: it cannot
/// know this profile's source credentials, region or endpoint, so AssumeRole would be signed by the wrong identity.
/// Here STS is the source session's client, made by <see cref="IAwsClientFactory.CredentialsSts"/>.
/// </summary>
internal sealed class RoleProfileCredentials : AssumeRoleAWSCredentials
{
    private readonly ICoreAmazonSTS _sourceSts;
    private readonly string _profileName;

    public RoleProfileCredentials(
        string profileName, AwsSession source, ICoreAmazonSTS sourceSts, string roleArn, string sessionName, AssumeRoleAWSCredentialsOptions options)
        : base(source.Credentials, roleArn, sessionName, options)
    {
        _profileName = profileName;
        _sourceSts = sourceSts;
    }

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var assumed = await AssumeRoleFailures.ExplainedAsync(
            _profileName, RoleArn, () => _sourceSts.CredentialsFromAssumeRoleAuthenticationAsync(RoleArn, RoleSessionName, Options));
        return new CredentialsRefreshState(assumed, assumed.Expiration);
    }

    // The SDK asks synchronously only from its synchronous APIs, which this tool does not call; keep them working anyway.
    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();
}
