using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.SecurityToken;
using Amazon.SSO;
using Amazon.SSOOIDC;
using AssumeRoleCli.Aws.Iam;

namespace AssumeRoleCli.Aws;

/// <summary>The one place AWS clients are made: from a session (credentials + region + profile).</summary>
public interface IAwsClientFactory
{
    IIdentityApi Sts(AwsSession session);

    IIamApi Iam(AwsSession session);

    IEc2Api Ec2(AwsSession session);

    /// <summary>STS as the SDK's credential providers call it (AssumeRole for a role profile), signed by <paramref name="caller"/>.</summary>
    ICoreAmazonSTS CredentialsSts(AwsSession caller);

    /// <summary>The IAM Identity Center portal (GetRoleCredentials) in the SSO region, unsigned (the SSO token is the credential).</summary>
    ICoreAmazonSSO SsoPortal(AwsSession ssoProfile);

    /// <summary>IAM Identity Center's OIDC service in the SSO region, which refreshes a cached SSO token.</summary>
    ICoreAmazonSSOOIDC SsoOidc(AwsSession ssoProfile);
}

public sealed class AwsClientFactory : IAwsClientFactory
{
    private readonly Uri? _endpointOverride;

    /// <param name="endpointOverride">Null in production (the SDK resolves endpoints itself); moto's URL in tests.</param>
    public AwsClientFactory(Uri? endpointOverride = null)
    {
        _endpointOverride = endpointOverride;
    }

    public IIdentityApi Sts(AwsSession session) =>
        new StsIdentityApi(new AmazonSecurityTokenServiceClient(session.Credentials, Configure(new AmazonSecurityTokenServiceConfig(), session)));

    public IIamApi Iam(AwsSession session) =>
        new IamApi(new IamClient(session.Credentials, Configure(new IamConfig(), session)));

    public IEc2Api Ec2(AwsSession session) =>
        new Ec2Api(new AmazonEC2Client(session.Credentials, Configure(new AmazonEC2Config(), session)));

    public ICoreAmazonSTS CredentialsSts(AwsSession caller) =>
        new AmazonSecurityTokenServiceClient(caller.Credentials, Configure(new AmazonSecurityTokenServiceConfig(), caller));

    public ICoreAmazonSSO SsoPortal(AwsSession ssoProfile) =>
        new AmazonSSOClient(ssoProfile.Credentials, Configure(new AmazonSSOConfig(), ssoProfile));

    public ICoreAmazonSSOOIDC SsoOidc(AwsSession ssoProfile) =>
        new AmazonSSOOIDCClient(ssoProfile.Credentials, Configure(new AmazonSSOOIDCConfig(), ssoProfile));

    private T Configure<T>(T config, AwsSession session)
        where T : ClientConfig
    {
        // Region first: setting RegionEndpoint clears ServiceURL, so an override must be applied after it.
        config.RegionEndpoint = session.Region;
        config.Profile = new Profile(session.ProfileName, session.CredentialsFile);
        config.RetryMode = RequestRetryMode.Standard;
        if (_endpointOverride is not null)
        {
            config.ServiceURL = _endpointOverride.ToString();

            // With a ServiceURL the SDK no longer knows the region, and emulators file EC2 resources under the
            // signing region. IAM is global and pins its own signing region.
            if (config is not IamConfig)
            {
                config.AuthenticationRegion = session.Region.SystemName;
            }
        }

        return config;
    }
}
