using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.SecurityToken;

namespace AssumeRoleCli.Aws.Calls;

/// <summary>The SDK's STS client with an <see cref="AwsCallObserver"/> inside its retry loop.</summary>
internal sealed class ObservedStsClient : AmazonSecurityTokenServiceClient
{
    public ObservedStsClient(AWSCredentials credentials, AmazonSecurityTokenServiceConfig config, AwsCallObserver observer)
        : base(credentials, config)
    {
        RuntimePipeline.AddHandlerAfter<RetryHandler>(observer);
    }
}

/// <summary>The SDK's EC2 client with an <see cref="AwsCallObserver"/> inside its retry loop.</summary>
internal sealed class ObservedEc2Client : AmazonEC2Client
{
    public ObservedEc2Client(AWSCredentials credentials, AmazonEC2Config config, AwsCallObserver observer)
        : base(credentials, config)
    {
        RuntimePipeline.AddHandlerAfter<RetryHandler>(observer);
    }
}
