using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.SharedInterfaces;
using Amazon.Util;
using Amazon.Util.Internal;

namespace AssumeRoleCli.Aws.Credentials;

/// <summary>What an SSO profile names, from its own keys or its <c>[sso-session]</c> section.</summary>
/// <param name="Session">The sso_session name (the token cache is keyed by it), or null for a legacy sso_start_url profile.</param>
internal sealed record SsoProfile(string ProfileName, string AccountId, string RoleName, string StartUrl, string Region, string? Session);

/// <summary>
/// Credentials of an IAM Identity Center (SSO) profile, as the AWS CLI gets them: the token <c>aws sso login</c> cached
/// (read, and refreshed when it can be, by the SDK's own SSOTokenManager in the SDK's cache format), exchanged at the
/// portal's GetRoleCredentials (AWSSDK.SSO). Unlike the SDK's SSOAWSCredentials, the clients come from our factory
/// (so the profile's endpoint_url applies, and no runtime registry is needed) and the cache folder is a parameter (so
/// tests need no HOME). It never starts a browser login: without a usable token it says to run <c>aws sso login</c>.
/// </summary>
internal sealed class SsoProfileCredentials : RefreshingAWSCredentials
{
    private readonly SsoProfile _profile;
    private readonly ICoreAmazonSSO _portal;
    private readonly SSOTokenManager _tokens;
    private readonly string? _cacheDirectory;

    public SsoProfileCredentials(SsoProfile profile, ICoreAmazonSSO portal, ICoreAmazonSSOOIDC oidc, string? cacheDirectory)
    {
        _profile = profile;
        _portal = portal;
        _cacheDirectory = cacheDirectory;
        _tokens = new SSOTokenManager(oidc, new SSOTokenFileCache(CryptoUtilFactory.CryptoInstance, new FileRetriever(), new DirectoryRetriever()));
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
    }

    /// <summary>An SSO profile's credentials, or one line naming what the profile lacks.</summary>
    public static SsoProfileCredentials ForProfile(CredentialProfile profile, AwsEnvironment environment, IAwsClientFactory clients)
    {
        var options = profile.Options;
        var missing = new (string Key, string? Value)[]
            {
                ("sso_account_id", options.SsoAccountId), ("sso_role_name", options.SsoRoleName),
                ("sso_start_url", options.SsoStartUrl), ("sso_region", options.SsoRegion),
            }
            .Where(setting => string.IsNullOrWhiteSpace(setting.Value))
            .Select(setting => setting.Key)
            .ToList();
        if (missing.Count > 0)
        {
            var where = options.SsoSession is null ? "" : $" (nor does its [sso-session {options.SsoSession}])";
            throw new AwsConfigurationException(
                $"Profile '{profile.Name}' is an IAM Identity Center (SSO) profile without {string.Join(", ", missing)}{where}; " +
                $"'aws configure sso --profile {profile.Name}' writes them.");
        }

        var ssoProfile = new SsoProfile(profile.Name, options.SsoAccountId, options.SsoRoleName, options.SsoStartUrl, options.SsoRegion, options.SsoSession);

        // The portal and OIDC calls are unsigned (the SSO token is the credential) and go to the SSO region.
        var unsigned = new AwsSession(profile.Name, new AnonymousAWSCredentials(), RegionEndpoint.GetBySystemName(options.SsoRegion), environment.CredentialsFile);
        return new SsoProfileCredentials(ssoProfile, clients.SsoPortal(unsigned), clients.SsoOidc(unsigned), environment.SsoCacheDirectory);
    }

    /// <summary>The line every "no usable SSO session" case ends in.</summary>
    public static string LoginHint(string profileName) => $"run 'aws sso login --profile {profileName}', then try again";

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var token = await CachedTokenAsync();
        try
        {
            var credentials = await _portal.CredentialsFromSsoAccessTokenAsync(_profile.AccountId, _profile.RoleName, token.AccessToken, null);
            var expiration = credentials is SSOImmutableCredentials issued ? issued.Expiration : DateTime.UtcNow.AddMinutes(15);
            return new CredentialsRefreshState(credentials, expiration);
        }
        catch (AmazonServiceException refused) when (refused.Is(AwsErrorCodes.SsoTokenRefused))
        {
            throw new AwsConfigurationException($"The SSO session of profile '{_profile.ProfileName}' is no longer valid: {LoginHint(_profile.ProfileName)}.", refused);
        }
        catch (AmazonServiceException refused) when (refused.IsIn(AwsErrorCodes.SsoRoleNotGranted))
        {
            throw new AwsConfigurationException(
                $"Profile '{_profile.ProfileName}': IAM Identity Center gives this user no role '{_profile.RoleName}' in account {_profile.AccountId} " +
                $"(AWS error {refused.ErrorCode}); check sso_account_id and sso_role_name.", refused);
        }
    }

    // The SDK asks synchronously only from its synchronous APIs, which this tool does not call; keep them working anyway.
    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    private async Task<SsoToken> CachedTokenAsync()
    {
        var options = new SSOTokenManagerGetTokenOptions
        {
            StartUrl = _profile.StartUrl,
            Session = _profile.Session,
            Region = _profile.Region,
            CacheFolderLocation = _cacheDirectory,
            ClientName = "assumerole",
            SupportsGettingNewToken = false,
        };
        try
        {
            return await _tokens.GetTokenAsync(options);
        }
        catch (AmazonClientException missingOrExpired)
        {
            // "No valid SSO Token could be found", "SSO Token has expired and can not be refreshed", "... failed to refresh".
            throw new AwsConfigurationException(
                $"Profile '{_profile.ProfileName}' signs in with IAM Identity Center and has no valid cached SSO token: {LoginHint(_profile.ProfileName)}.",
                missingOrExpired);
        }
    }
}
