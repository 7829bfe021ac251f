// Test support, not product code: IAM operations that only the tests call (to set up users and keys in moto).
// They live here so the shipped binary carries only what the product uses; IamClientTestOperations sends them
// through IamClient's internal SendAsync, exactly as the product's own operations are sent.
using Amazon.Runtime;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Aws.Iam.Transform;

namespace AssumeRoleCli.Tests.Aws.Iam.TestSupport;

/// <summary>An IAM user.</summary>
internal sealed class User
{
    public string? UserName { get; set; }

    public string? UserId { get; set; }

    public string? Arn { get; set; }

    public string? Path { get; set; }

    public DateTime? CreateDate { get; set; }
}

/// <summary>A newly created access key, including its secret (only returned at creation).</summary>
internal sealed class AccessKey
{
    public string? UserName { get; set; }

    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    public string? Status { get; set; }

    public DateTime? CreateDate { get; set; }
}

internal sealed class CreateUserRequest : IamRequest
{
    public string? UserName { get; set; }

    public string? Path { get; set; }

    internal override string Action => "CreateUser";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("UserName", UserName);
        parameters.AddIfSet("Path", Path);
    }
}

internal sealed class CreateUserResponse : AmazonWebServiceResponse
{
    public User User { get; set; } = new();
}

internal sealed class CreateAccessKeyRequest : IamRequest
{
    public string? UserName { get; set; }

    internal override string Action => "CreateAccessKey";

    internal override void WriteParameters(IDictionary<string, string> parameters)
        => parameters.AddIfSet("UserName", UserName);
}

internal sealed class CreateAccessKeyResponse : AmazonWebServiceResponse
{
    public AccessKey AccessKey { get; set; } = new();
}

internal sealed class PutUserPolicyRequest : IamRequest
{
    public string? UserName { get; set; }

    public string? PolicyName { get; set; }

    public string? PolicyDocument { get; set; }

    internal override string Action => "PutUserPolicy";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("UserName", UserName);
        parameters.AddIfSet("PolicyName", PolicyName);
        parameters.AddIfSet("PolicyDocument", PolicyDocument);
    }
}

internal sealed class PutUserPolicyResponse : AmazonWebServiceResponse;

internal sealed class DeleteUserPolicyRequest : IamRequest
{
    public string? UserName { get; set; }

    public string? PolicyName { get; set; }

    internal override string Action => "DeleteUserPolicy";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("UserName", UserName);
        parameters.AddIfSet("PolicyName", PolicyName);
    }
}

internal sealed class DeleteUserPolicyResponse : AmazonWebServiceResponse;
