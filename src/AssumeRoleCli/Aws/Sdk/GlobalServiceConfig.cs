using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;
using AssumeRoleCli.Aws.Iam;

namespace AssumeRoleCli.Aws.Sdk;

/// <summary>
/// What the configs of our SDK-shaped clients for global services (IAM, Organizations) share, written once where a
/// generated AWSSDK config writes it per service: the service's names, its endpoint rules, the defaults-mode table
/// every generated client ships (IAM's is it: standard retries, the same timeouts), and the order in which the region
/// and the endpoint override are read.
/// </summary>
/// <typeparam name="TResolver">The pipeline handler that maps this config onto the service's endpoint parameters.</typeparam>
internal abstract class GlobalServiceConfig<TResolver> : ClientConfig
    where TResolver : BaseEndpointResolver, new()
{
    /// <summary>Version reported in the user agent as <c>api/{service id}#...</c>.</summary>
    private const string ClientVersion = "1.0.0";

    private static readonly TResolver OperationEndpointResolver = new();

    private readonly string _signingName;
    private readonly string _serviceVersion;
    private readonly string _userAgent;

    protected GlobalServiceConfig(string serviceId, string signingName, string serviceVersion, IEndpointProvider endpoints)
        : base(new DefaultConfigurationProvider(IamDefaultConfiguration.All))
    {
        _signingName = signingName;
        _serviceVersion = serviceVersion;
        _userAgent = InternalSDKUtils.BuildUserAgentString(serviceId, ClientVersion);
        ServiceId = serviceId;
        AuthenticationServiceName = signingName;
        EndpointProvider = endpoints;
    }

    public override string RegionEndpointServiceName => _signingName;

    public override string ServiceVersion => _serviceVersion;

    public override string UserAgent => _userAgent;

    /// <summary>
    /// Resolves the region, then the endpoint override, then runs the base validation.
    /// </summary>
    /// <remarks>
    /// <see cref="ClientConfig.RegionEndpoint"/> probes the region chain on its first read and
    /// stores the result through its own setter, which nulls the service URL.
    /// <see cref="ClientConfig.ServiceURL"/> loads AWS_ENDPOINT_URL_{SERVICE} / AWS_ENDPOINT_URL / the
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
            Request = new DefaultRequest(parameters.Request, ServiceId)
            {
                AlternateEndpoint = parameters.AlternateEndpoint,
            },
        };
        return OperationEndpointResolver.GetEndpoint(new Amazon.Runtime.Internal.ExecutionContext(requestContext, null));
    }
}

/// <summary>
/// Pipeline handler (runs right after the marshaller) that maps the client config onto a global service's endpoint
/// parameters. The base class resolves the endpoint through the config's <see cref="IEndpointProvider"/> and applies
/// its auth attributes (signing name and region).
/// </summary>
internal abstract class GlobalServiceEndpointResolver<TParameters> : BaseEndpointResolver
    where TParameters : GlobalServiceEndpointParameters, new()
{
    protected override void ServiceSpecificHandler(IExecutionContext executionContext, EndpointParameters parameters)
        => InjectHostPrefix(executionContext.RequestContext);

    protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext)
    {
        var config = requestContext.ClientConfig;
        // Region before ServiceURL: see GlobalServiceConfig.Validate.
        var region = requestContext.Request.AlternateEndpoint?.SystemName ?? config.RegionEndpoint?.SystemName;
        return new TParameters
        {
            Region = region,
            UseDualStack = config.UseDualstackEndpoint,
            UseFIPS = config.UseFIPSEndpoint,
            Endpoint = config.ServiceURL,
        };
    }
}
