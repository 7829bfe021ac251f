using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using AssumeRoleCli.Aws.Iam.Internal;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Aws.Iam.Transform;
using AssumeRoleCli.Aws.Sdk;

namespace AssumeRoleCli.Aws.Iam;

/// <summary>
/// Small IAM client on AWSSDK.Core's runtime pipeline (credentials, SigV4, standard retries with more attempts for throttling,
/// clock-skew correction, endpoint overrides and error parsing all come from the SDK).
/// Method names and shapes follow AWSSDK.IdentityManagement so it can be swapped in later.
/// Only operations the product calls live here; tests add their own through <see cref="SendAsync{TResponse}"/>.
/// </summary>
internal sealed class IamClient : GlobalServiceClient<IamEndpointResolver>
{
    /// <summary>Uses the SDK's default credential chain.</summary>
    public IamClient(IamConfig config)
        : base(config)
    {
    }

    public IamClient(AWSCredentials credentials, IamConfig config)
        : base(credentials, config)
    {
    }

    public Task<GetRoleResponse> GetRoleAsync(GetRoleRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.GetRole, cancellationToken);

    public Task<CreateRoleResponse> CreateRoleAsync(CreateRoleRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.CreateRole, cancellationToken);

    public Task<UpdateAssumeRolePolicyResponse> UpdateAssumeRolePolicyAsync(UpdateAssumeRolePolicyRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.Empty<UpdateAssumeRolePolicyResponse>, cancellationToken);

    public Task<UpdateRoleResponse> UpdateRoleAsync(UpdateRoleRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.Empty<UpdateRoleResponse>, cancellationToken);

    public Task<TagRoleResponse> TagRoleAsync(TagRoleRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.Empty<TagRoleResponse>, cancellationToken);

    public Task<ListRoleTagsResponse> ListRoleTagsAsync(ListRoleTagsRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.ListRoleTags, cancellationToken);

    public Task<AttachRolePolicyResponse> AttachRolePolicyAsync(AttachRolePolicyRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.Empty<AttachRolePolicyResponse>, cancellationToken);

    public Task<DetachRolePolicyResponse> DetachRolePolicyAsync(DetachRolePolicyRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.Empty<DetachRolePolicyResponse>, cancellationToken);

    public Task<ListAttachedRolePoliciesResponse> ListAttachedRolePoliciesAsync(ListAttachedRolePoliciesRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.ListAttachedRolePolicies, cancellationToken);

    public Task<PutRolePolicyResponse> PutRolePolicyAsync(PutRolePolicyRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.Empty<PutRolePolicyResponse>, cancellationToken);

    public Task<GetRolePolicyResponse> GetRolePolicyAsync(GetRolePolicyRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.GetRolePolicy, cancellationToken);

    public Task<ListRolePoliciesResponse> ListRolePoliciesAsync(ListRolePoliciesRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.ListRolePolicies, cancellationToken);

    public Task<DeleteRolePolicyResponse> DeleteRolePolicyAsync(DeleteRolePolicyRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.Empty<DeleteRolePolicyResponse>, cancellationToken);

    public Task<ListInstanceProfilesForRoleResponse> ListInstanceProfilesForRoleAsync(ListInstanceProfilesForRoleRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.ListInstanceProfilesForRole, cancellationToken);

    public Task<RemoveRoleFromInstanceProfileResponse> RemoveRoleFromInstanceProfileAsync(RemoveRoleFromInstanceProfileRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.Empty<RemoveRoleFromInstanceProfileResponse>, cancellationToken);

    public Task<DeleteRoleResponse> DeleteRoleAsync(DeleteRoleRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.Empty<DeleteRoleResponse>, cancellationToken);

    public Task<GetPolicyResponse> GetPolicyAsync(GetPolicyRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.GetPolicy, cancellationToken);

    public Task<ListPoliciesResponse> ListPoliciesAsync(ListPoliciesRequest request, CancellationToken cancellationToken = default)
        => SendAsync(request, IamResultReaders.ListPolicies, cancellationToken);

    /// <summary>
    /// Sends any <see cref="IamRequest"/>; <paramref name="readResult"/> maps its <c>&lt;{Action}Result&gt;</c>.
    /// Internal so the tests can add operations the product does not ship (see their TestSupport folder).
    /// </summary>
    internal Task<TResponse> SendAsync<TResponse>(IamRequest request, Func<XElement?, TResponse> readResult, CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = new InvokeOptions
        {
            RequestMarshaller = IamRequestMarshaller.Instance,
            ResponseUnmarshaller = new IamResponseUnmarshaller<TResponse>(request.Action, readResult),
        };
        return InvokeAsync<TResponse>(request, options, cancellationToken);
    }
}
