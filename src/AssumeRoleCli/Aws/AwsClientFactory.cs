using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SecurityToken;
using AssumeRoleCli.Aws.Calls;
using AssumeRoleCli.Aws.Iam;

namespace AssumeRoleCli.Aws;

/// <summary>The one place AWS clients are made: from a session (credentials + region + profile).</summary>
public interface IAwsClientFactory
{
    IStsApi Sts(AwsSession session);

    IIamApi Iam(AwsSession session);

    IEc2Api Ec2(AwsSession session);
}

public sealed class AwsClientFactory : IAwsClientFactory
{
    private readonly Uri? _endpointOverride;
    private readonly AwsCallLog _calls;

    /// <param name="endpointOverride">Null in production (the SDK resolves endpoints itself); moto's URL in tests.</param>
    /// <param name="calls">Where every client reports its calls (error lines, --verbose); null: nobody listens.</param>
    public AwsClientFactory(Uri? endpointOverride = null, AwsCallLog? calls = null)
    {
        _endpointOverride = endpointOverride;
        _calls = calls ?? new AwsCallLog();
    }

    public IStsApi Sts(AwsSession session) => new StsApi(new ObservedStsClient(
        session.Credentials, Configure(new AmazonSecurityTokenServiceConfig(), session), new AwsCallObserver(_calls, "sts", session)));

    public IIamApi Iam(AwsSession session)
    {
        var client = new IamClient(session.Credentials, Configure(new IamConfig(), session));
        client.AddHandlerInsideRetries(new AwsCallObserver(_calls, "iam", session));
        return new IamApi(client);
    }

    public IEc2Api Ec2(AwsSession session) => new Ec2Api(new ObservedEc2Client(
        session.Credentials, Configure(new AmazonEC2Config(), session), new AwsCallObserver(_calls, "ec2", session)));

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
