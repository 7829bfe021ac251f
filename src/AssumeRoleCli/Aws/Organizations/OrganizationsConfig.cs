using AssumeRoleCli.Aws.Organizations.Internal;
using AssumeRoleCli.Aws.Sdk;

namespace AssumeRoleCli.Aws.Organizations;

/// <summary>
/// Configuration for <see cref="OrganizationsClient"/>, shaped like a generated AWSSDK service config
/// (AWSSDK.Organizations is not available from our package source).
/// </summary>
internal sealed class OrganizationsConfig()
    : GlobalServiceConfig<OrganizationsEndpointResolver>(OrganizationsServiceId, SigningName, OrganizationsServiceVersion, new OrganizationsEndpointProvider())
{
    internal const string OrganizationsServiceId = "Organizations";
    internal const string OrganizationsServiceVersion = "2016-11-28";
    internal const string SigningName = "organizations";

    /// <summary>The JSON 1.1 target prefix: <c>X-Amz-Target: AWSOrganizationsV20161128.{Operation}</c>.</summary>
    internal const string TargetPrefix = "AWSOrganizationsV20161128";
}
