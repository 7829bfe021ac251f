using Amazon.Runtime;
using AssumeRoleCli.Aws.Iam.Transform;

namespace AssumeRoleCli.Aws.Iam.Model;

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
