using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;
using AssumeRoleCli.Aws.Iam.Internal;

namespace AssumeRoleCli.Aws.Iam;

/// <summary>
/// Configuration for <see cref="IamClient"/>, shaped like a generated AWSSDK service config
/// (the real AWSSDK.IdentityManagement package is not available from our package source).
/// </summary>
internal sealed class IamConfig : ClientConfig
{
    internal const string IamServiceId = "IAM";
    internal const string IamServiceVersion = "2010-05-08";
    internal const string SigningName = "iam";

    /// <summary>Version reported in the user agent as <c>api/IAM#...</c>.</summary>
    private const string ClientVersion = "1.0.0";

    private static readonly string UserAgentString =
        InternalSDKUtils.BuildUserAgentString(IamServiceId, ClientVersion);

    private static readonly IamEndpointResolver OperationEndpointResolver = new();

    public IamConfig()
        : base(new DefaultConfigurationProvider(IamDefaultConfiguration.All))
    {
        ServiceId = IamServiceId;
        AuthenticationServiceName = SigningName;
        EndpointProvider = new IamEndpointProvider();
    }

    public override string RegionEndpointServiceName => SigningName;

    public override string ServiceVersion => IamServiceVersion;

    public override string UserAgent => UserAgentString;

    /// <summary>
    /// Resolves the region, then the endpoint override, then runs the base validation.
    /// </summary>
    /// <remarks>
    /// <see cref="ClientConfig.RegionEndpoint"/> probes the region chain on its first read and
    /// stores the result through its own setter, which nulls the service URL.
    /// <see cref="ClientConfig.ServiceURL"/> loads AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL / the
    /// profile's endpoint_url once, on its first read. If the URL is loaded before the first region
    /// probe, the probe silently drops it. Reading the region first makes the order deterministic
    /// (the probe runs only once, so later region reads no longer touch the URL).
    /// </remarks>
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
            Request = new DefaultRequest(parameters.Request, IamServiceId)
            {
                AlternateEndpoint = parameters.AlternateEndpoint,
            },
        };
        return OperationEndpointResolver.GetEndpoint(new Amazon.Runtime.Internal.ExecutionContext(requestContext, null));
    }
}
