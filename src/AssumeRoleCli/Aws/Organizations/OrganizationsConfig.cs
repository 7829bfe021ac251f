using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Organizations.Internal;

namespace AssumeRoleCli.Aws.Organizations;

/// <summary>
/// Configuration for <see cref="OrganizationsClient"/>, shaped like a generated AWSSDK service config
/// (AWSSDK.Organizations is not available from our package source).
/// </summary>
internal sealed class OrganizationsConfig : ClientConfig
{
    internal const string OrganizationsServiceId = "Organizations";
    internal const string OrganizationsServiceVersion = "2016-11-28";
    internal const string SigningName = "organizations";

    /// <summary>The JSON 1.1 target prefix: <c>X-Amz-Target: AWSOrganizationsV20161128.{Operation}</c>.</summary>
    internal const string TargetPrefix = "AWSOrganizationsV20161128";

    /// <summary>Version reported in the user agent as <c>api/Organizations#...</c>.</summary>
    private const string ClientVersion = "1.0.0";

    private static readonly string UserAgentString =
        InternalSDKUtils.BuildUserAgentString(OrganizationsServiceId, ClientVersion);

    private static readonly OrganizationsEndpointResolver OperationEndpointResolver = new();

    // Every generated client ships the same defaults-mode table (standard retries, the same timeouts): IAM's is it.
    public OrganizationsConfig()
        : base(new DefaultConfigurationProvider(IamDefaultConfiguration.All))
    {
        ServiceId = OrganizationsServiceId;
        AuthenticationServiceName = SigningName;
        EndpointProvider = new OrganizationsEndpointProvider();
    }

    public override string RegionEndpointServiceName => SigningName;

    public override string ServiceVersion => OrganizationsServiceVersion;

    public override string UserAgent => UserAgentString;

    /// <summary>Region before endpoint override, for the reason <see cref="IamConfig.Validate"/> gives.</summary>
    public override void Validate()
    {
        _ = RegionEndpoint;
        _ = ServiceURL;
        base.Validate();
    }

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var requestContext = new RequestContext(false)
        {
            ClientConfig = this,
            OriginalRequest = parameters.Request,
            Request = new DefaultRequest(parameters.Request, OrganizationsServiceId)
            {
                AlternateEndpoint = parameters.AlternateEndpoint,
            },
        };
        return OperationEndpointResolver.GetEndpoint(new Amazon.Runtime.Internal.ExecutionContext(requestContext, null));
    }
}
