using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;

namespace AssumeRoleCli.Aws.Credentials;

/// <summary>
/// The SDK's own <see cref="AssumeRoleWithWebIdentityCredentials"/> for a profile with <c>role_arn</c> and
/// <c>web_identity_token_file</c>, with the (unsigned) STS client made by our factory in the profile's region and with
/// its endpoint settings, instead of the process-wide one the SDK would look up.
/// </summary>
internal sealed class WebIdentityProfileCredentials : AssumeRoleWithWebIdentityCredentials
{
    private readonly string _profileName;
    private readonly ICoreAmazonSTS _sts;

    public WebIdentityProfileCredentials(string profileName, string tokenFile, string roleArn, string? sessionName, ICoreAmazonSTS sts)
        : base(tokenFile, roleArn, sessionName)
    {
        _profileName = profileName;
        _sts = sts;
    }

    protected override ICoreAmazonSTS CreateClient() => _sts;

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        try
        {
            return await AssumeRoleFailures.ExplainedAsync(_profileName, RoleArn, base.GenerateNewCredentialsAsync);
        }
        catch (InvalidOperationException unreadable) when (unreadable.InnerException is IOException or UnauthorizedAccessException)
        {
            throw new AwsConfigurationException($"Profile '{_profileName}': cannot read its web_identity_token_file {WebIdentityTokenFile}: {unreadable.InnerException.Message}", unreadable);
        }
    }

    // The SDK asks synchronously only from its synchronous APIs, which this tool does not call; keep them working anyway.
    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();
}
