// Test support, not product code: the test-only IAM operations as IamClient extension methods, shaped like the
// client's own methods so tests call them the same way. Each one is a single call to IamClient's internal
// SendAsync (same marshaller, unmarshaller, signing and retries as the shipped operations).
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Transform;

namespace AssumeRoleCli.Tests.Aws.Iam.TestSupport;

internal static class IamClientTestOperations
{
    public static Task<CreateInstanceProfileResponse> CreateInstanceProfileAsync(this IamClient client, CreateInstanceProfileRequest request, CancellationToken cancellationToken = default)
        => client.SendAsync(request, TestOperationReaders.CreateInstanceProfile, cancellationToken);

    public static Task<AddRoleToInstanceProfileResponse> AddRoleToInstanceProfileAsync(this IamClient client, AddRoleToInstanceProfileRequest request, CancellationToken cancellationToken = default)
        => client.SendAsync(request, IamResultReaders.Empty<AddRoleToInstanceProfileResponse>, cancellationToken);

    public static Task<CreateUserResponse> CreateUserAsync(this IamClient client, CreateUserRequest request, CancellationToken cancellationToken = default)
        => client.SendAsync(request, TestOperationReaders.CreateUser, cancellationToken);

    public static Task<CreateAccessKeyResponse> CreateAccessKeyAsync(this IamClient client, CreateAccessKeyRequest request, CancellationToken cancellationToken = default)
        => client.SendAsync(request, TestOperationReaders.CreateAccessKey, cancellationToken);

    public static Task<PutUserPolicyResponse> PutUserPolicyAsync(this IamClient client, PutUserPolicyRequest request, CancellationToken cancellationToken = default)
        => client.SendAsync(request, IamResultReaders.Empty<PutUserPolicyResponse>, cancellationToken);

    public static Task<DeleteUserPolicyResponse> DeleteUserPolicyAsync(this IamClient client, DeleteUserPolicyRequest request, CancellationToken cancellationToken = default)
        => client.SendAsync(request, IamResultReaders.Empty<DeleteUserPolicyResponse>, cancellationToken);
}
