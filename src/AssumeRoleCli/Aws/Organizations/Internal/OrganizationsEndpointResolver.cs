using AssumeRoleCli.Aws.Sdk;

namespace AssumeRoleCli.Aws.Organizations.Internal;

/// <summary>Maps an <see cref="OrganizationsConfig"/> onto <see cref="OrganizationsEndpointParameters"/> (see <see cref="GlobalServiceEndpointResolver{TParameters}"/>).</summary>
internal sealed class OrganizationsEndpointResolver : GlobalServiceEndpointResolver<OrganizationsEndpointParameters>;
