using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace AssumeRoleCli.Aws.Iam.Internal;

/// <summary>
/// Chooses the auth scheme for every IAM operation: SigV4 (IAM has no anonymous operations).
/// The base handler then resolves the identity (explicit or default credentials) and the signer.
/// </summary>
internal sealed class IamAuthSchemeHandler : BaseAuthResolverHandler
{
    protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext)
        => [.. AuthSchemeOption.DEFAULT_SIGV4];
}
