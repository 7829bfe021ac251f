using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using AssumeRoleCli.Aws.Iam.Internal;

namespace AssumeRoleCli.Aws.Sdk;

/// <summary>
/// What our SDK-shaped clients for global services (IAM, Organizations) share, written once where generated AWSSDK
/// clients write it per service: the handler layout of the generated clients (our endpoint resolver after the
/// marshaller, SigV4 chosen before it), the SDK's retry loop with IAM's longer patience for throttling
/// (<see cref="IamRetryPolicy"/>: Organizations throttles per account at a few requests per second, too), and a place
/// for a handler inside that loop.
/// </summary>
/// <typeparam name="TResolver">The pipeline handler that maps the service's config onto its endpoint parameters.</typeparam>
internal abstract class GlobalServiceClient<TResolver> : AmazonServiceClient
    where TResolver : BaseEndpointResolver, new()
{
    private Metadata? _metadata;

    /// <summary>Uses the SDK's default credential chain.</summary>
    protected GlobalServiceClient(ClientConfig config)
        : base(config)
    {
    }

    protected GlobalServiceClient(AWSCredentials credentials, ClientConfig config)
        : base(credentials, config)
    {
    }

    // Asked for while the base constructor builds the pipeline, before this class's constructor body has run.
    protected override IServiceMetadata ServiceMetadata => _metadata ??= new Metadata(Config.ServiceId);

    /// <summary>Adds a handler inside the SDK's retry loop, where it sees every signed attempt (e.g. a call observer).</summary>
    internal void AddHandlerInsideRetries(IPipelineHandler handler) => RuntimePipeline.AddHandlerAfter<RetryHandler>(handler);

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        pipeline.RemoveHandler<EndpointResolver>();
        pipeline.AddHandlerAfter<Marshaller>(new TResolver());
        // Added last so it runs first: auth scheme is chosen, then the endpoint sets its signing region.
        pipeline.AddHandlerAfter<Marshaller>(new SigV4Only());

        // The SDK's own retry loop, with more attempts for throttling (see IamRetryPolicy).
        pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(new IamRetryPolicy(Config)));
    }

    /// <summary>
    /// Every operation of these services is signed with SigV4 (their models' only auth, <c>aws.auth#sigv4</c>); the base
    /// handler then resolves the identity (explicit or default credentials) and the signer.
    /// </summary>
    private sealed class SigV4Only : BaseAuthResolverHandler
    {
        protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext)
            => [.. AuthSchemeOption.DEFAULT_SIGV4];
    }

    /// <summary>Service metadata the SDK pipeline uses for logging, metrics and global endpoint hooks.</summary>
    private sealed class Metadata(string serviceId) : IServiceMetadata
    {
        public string ServiceId => serviceId;

        public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>(0);
    }
}
