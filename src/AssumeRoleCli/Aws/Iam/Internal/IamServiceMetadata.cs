using Amazon.Runtime.Internal;

namespace AssumeRoleCli.Aws.Iam.Internal;

/// <summary>Service metadata the SDK pipeline uses for logging, metrics and global endpoint hooks.</summary>
internal sealed class IamServiceMetadata : IServiceMetadata
{
    public static IamServiceMetadata Instance { get; } = new();

    public string ServiceId => IamConfig.IamServiceId;

    public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>(0);
}
