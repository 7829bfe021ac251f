using AssumeRoleCli.Aws.Sdk;

namespace AssumeRoleCli.Aws.Iam.Internal;

/// <summary>Maps an <see cref="IamConfig"/> onto <see cref="IamEndpointParameters"/> (see <see cref="GlobalServiceEndpointResolver{TParameters}"/>).</summary>
internal sealed class IamEndpointResolver : GlobalServiceEndpointResolver<IamEndpointParameters>;
