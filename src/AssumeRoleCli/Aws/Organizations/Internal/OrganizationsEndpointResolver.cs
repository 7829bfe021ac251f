using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace AssumeRoleCli.Aws.Organizations.Internal;

/// <summary>
/// Pipeline handler (runs right after the marshaller) that maps the client config onto
/// <see cref="OrganizationsEndpointParameters"/>; the base class resolves the endpoint through the config's
/// <see cref="IEndpointProvider"/> and applies its auth attributes (signing name and region).
/// </summary>
internal sealed class OrganizationsEndpointResolver : BaseEndpointResolver
{
    protected override void ServiceSpecificHandler(IExecutionContext executionContext, EndpointParameters parameters)
        => InjectHostPrefix(executionContext.RequestContext);

    protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext)
    {
        var config = requestContext.ClientConfig;
        var region = requestContext.Request.AlternateEndpoint?.SystemName ?? config.RegionEndpoint?.SystemName;
        return new OrganizationsEndpointParameters
        {
            Region = region,
            UseDualStack = config.UseDualstackEndpoint,
            UseFIPS = config.UseFIPSEndpoint,
            Endpoint = config.ServiceURL,
        };
    }
}
