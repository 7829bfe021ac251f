using Amazon.Runtime.Internal;

namespace AssumeRoleCli.Aws.Organizations.Internal;

/// <summary>Service metadata the SDK pipeline uses for logging, metrics and global endpoint hooks.</summary>
internal sealed class OrganizationsServiceMetadata : IServiceMetadata
{
    public static OrganizationsServiceMetadata Instance { get; } = new();

    public string ServiceId => OrganizationsConfig.OrganizationsServiceId;

    public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>(0);
}
