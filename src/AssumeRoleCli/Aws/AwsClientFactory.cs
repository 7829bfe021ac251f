using System.Collections.Concurrent;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.SecurityToken;
using Amazon.SSO;
using Amazon.SSOOIDC;
using AssumeRoleCli.Aws.Calls;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Internal;
using AssumeRoleCli.Aws.Organizations;
using AssumeRoleCli.Aws.Organizations.Internal;

namespace AssumeRoleCli.Aws;

/// <summary>The one place AWS clients are made: from a session (credentials + region + profile).</summary>
public interface IAwsClientFactory
{
    IStsApi Sts(AwsSession session);

    IIamApi Iam(AwsSession session);

    IEc2Api Ec2(AwsSession session);

    /// <summary>AWS Organizations (global: signed for its partition's region) as <paramref name="session"/>, e.g. the management account.</summary>
    IOrganizationsApi Organizations(AwsSession session);

    /// <summary>STS as the SDK's credential providers call it (AssumeRole for a role profile), signed by <paramref name="caller"/>.</summary>
    ICoreAmazonSTS CredentialsSts(AwsSession caller);

    /// <summary>The IAM Identity Center portal (GetRoleCredentials) in the SSO region, unsigned (the SSO token is the credential).</summary>
    ICoreAmazonSSO SsoPortal(AwsSession ssoProfile);

    /// <summary>IAM Identity Center's OIDC service in the SSO region, which refreshes a cached SSO token.</summary>
    ICoreAmazonSSOOIDC SsoOidc(AwsSession ssoProfile);
}

public sealed class AwsClientFactory : IAwsClientFactory
{
    /// <summary>How long one HTTP attempt may take before the SDK gives up on it (its default is 100 s).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly Uri? _endpointOverride;
    private readonly AwsCallLog _calls;
    private readonly ConcurrentDictionary<ClientKey, object> _clients = new();

    /// <param name="endpointOverride">Null in production (the SDK resolves endpoints itself); moto's URL in tests.</param>
    /// <param name="calls">Where every client reports its calls (error lines, --verbose); null: nobody listens.</param>
    public AwsClientFactory(Uri? endpointOverride = null, AwsCallLog? calls = null)
    {
        _endpointOverride = endpointOverride;
        _calls = calls ?? new AwsCallLog();
    }

    public IStsApi Sts(AwsSession session) =>
        Cached("sts", session, () => new StsApi(new ObservedStsClient(
            session.Credentials, Configure(new AmazonSecurityTokenServiceConfig(), session), new AwsCallObserver(_calls, "sts", session))));

    public IIamApi Iam(AwsSession session) =>
        Cached("iam", session, () =>
        {
            var client = new IamClient(session.Credentials, Configure(new IamConfig(), session));
            client.AddHandlerInsideRetries(new AwsCallObserver(_calls, "iam", session));
            return new IamApi(client);
        });

    public IEc2Api Ec2(AwsSession session) =>
        Cached("ec2", session, () => new Ec2Api(new ObservedEc2Client(
            session.Credentials, Configure(new AmazonEC2Config(), session), new AwsCallObserver(_calls, "ec2", session))));

    public IOrganizationsApi Organizations(AwsSession session) =>
        Cached("organizations", session, () =>
        {
            var client = new OrganizationsClient(session.Credentials, Configure(new OrganizationsConfig(), session));
            client.AddHandlerInsideRetries(new AwsCallObserver(_calls, "organizations", session));
            return new OrganizationsApi(client);
        });

    public ICoreAmazonSTS CredentialsSts(AwsSession caller) =>
        Cached("credentials-sts", caller, () => new AmazonSecurityTokenServiceClient(caller.Credentials, Configure(new AmazonSecurityTokenServiceConfig(), caller)));

    public ICoreAmazonSSO SsoPortal(AwsSession ssoProfile) =>
        new AmazonSSOClient(ssoProfile.Credentials, Configure(new AmazonSSOConfig(), ssoProfile));

    public ICoreAmazonSSOOIDC SsoOidc(AwsSession ssoProfile) =>
        new AmazonSSOOIDCClient(ssoProfile.Credentials, Configure(new AmazonSSOOIDCConfig(), ssoProfile));

    /// <summary>
    /// One client per service and session for the factory's life: a command asking twice (teardown's IAM per role, STS
    /// for identity then AssumeRole) reuses the client, its resolved endpoint and its open connection.
    /// </summary>
    private T Cached<T>(string service, AwsSession session, Func<T> create)
        where T : class =>
        (T)_clients.GetOrAdd(new ClientKey(service, session.ProfileName, session.Credentials, session.Region.SystemName, session.CredentialsFile), _ => create());

    private T Configure<T>(T config, AwsSession session)
        where T : ClientConfig
    {
        // Region first: setting RegionEndpoint clears ServiceURL, so an override must be applied after it.
        config.RegionEndpoint = session.Region;
        config.Profile = new Profile(session.ProfileName, session.CredentialsFile);
        config.RetryMode = RequestRetryMode.Standard;
        config.Timeout = CallTimeout;

        // With an endpoint override (ours, AWS_ENDPOINT_URL, a profile's endpoint_url) the SDK no longer signs for the
        // region asked for but for us-east-1, and EC2 files resources under the signing region: the one region chosen is
        // named here so every request is signed for it. IAM and Organizations are global: signed for the region their
        // rules name (IAM: its partition's; Organizations: us-east-1 for aws, the region itself where the rules pin none).
        config.AuthenticationRegion = config switch
        {
            IamConfig => IamEndpointProvider.SigningRegionFor(session.Region.SystemName),
            OrganizationsConfig => OrganizationsEndpointProvider.SigningRegionFor(session.Region.SystemName) ?? session.Region.SystemName,
            _ => session.Region.SystemName,
        };

        if (_endpointOverride is not null)
        {
            config.ServiceURL = _endpointOverride.ToString();
        }

        return config;
    }

    /// <summary>The same credentials object (by reference: they may refresh themselves), region, profile and service.</summary>
    private sealed record ClientKey(string Service, string ProfileName, AWSCredentials Credentials, string Region, string CredentialsFile);
}
