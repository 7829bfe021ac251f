using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace AssumeRoleCli.Aws.Organizations.Internal;

/// <summary>Every Organizations operation is signed with SigV4 (the model's only auth: <c>aws.auth#sigv4</c>).</summary>
internal sealed class OrganizationsAuthSchemeHandler : BaseAuthResolverHandler
{
    protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext)
        => [.. AuthSchemeOption.DEFAULT_SIGV4];
}
