using Amazon.Runtime;
using AssumeRoleCli.Aws.Iam.Transform;

namespace AssumeRoleCli.Aws.Iam.Model;

internal sealed class AttachRolePolicyRequest : IamRequest
{
    public string? RoleName { get; set; }

    public string? PolicyArn { get; set; }

    internal override string Action => "AttachRolePolicy";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("RoleName", RoleName);
        parameters.AddIfSet("PolicyArn", PolicyArn);
    }
}

internal sealed class AttachRolePolicyResponse : AmazonWebServiceResponse;

internal sealed class DetachRolePolicyRequest : IamRequest
{
    public string? RoleName { get; set; }

    public string? PolicyArn { get; set; }

    internal override string Action => "DetachRolePolicy";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("RoleName", RoleName);
        parameters.AddIfSet("PolicyArn", PolicyArn);
    }
}

internal sealed class DetachRolePolicyResponse : AmazonWebServiceResponse;

internal sealed class ListAttachedRolePoliciesRequest : IamRequest
{
    public string? RoleName { get; set; }

    public string? PathPrefix { get; set; }

    public string? Marker { get; set; }

    public int? MaxItems { get; set; }

    internal override string Action => "ListAttachedRolePolicies";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("RoleName", RoleName);
        parameters.AddIfSet("PathPrefix", PathPrefix);
        parameters.AddIfSet("Marker", Marker);
        parameters.AddIfSet("MaxItems", MaxItems);
    }
}

internal sealed class ListAttachedRolePoliciesResponse : AmazonWebServiceResponse, IIamPagedResponse
{
    public List<AttachedPolicy> AttachedPolicies { get; set; } = [];

    public bool IsTruncated { get; set; }

    public string? Marker { get; set; }
}

internal sealed class PutRolePolicyRequest : IamRequest
{
    public string? RoleName { get; set; }

    public string? PolicyName { get; set; }

    /// <summary>Policy JSON (plain, not URL-encoded).</summary>
    public string? PolicyDocument { get; set; }

    internal override string Action => "PutRolePolicy";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("RoleName", RoleName);
        parameters.AddIfSet("PolicyName", PolicyName);
        parameters.AddIfSet("PolicyDocument", PolicyDocument);
    }
}

internal sealed class PutRolePolicyResponse : AmazonWebServiceResponse;

internal sealed class GetRolePolicyRequest : IamRequest
{
    public string? RoleName { get; set; }

    public string? PolicyName { get; set; }

    internal override string Action => "GetRolePolicy";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("RoleName", RoleName);
        parameters.AddIfSet("PolicyName", PolicyName);
    }
}

/// <summary>An inline policy of a role. <see cref="PolicyDocument"/> is already URL-decoded JSON.</summary>
internal sealed class GetRolePolicyResponse : AmazonWebServiceResponse
{
    public string? RoleName { get; set; }

    public string? PolicyName { get; set; }

    public string? PolicyDocument { get; set; }
}

internal sealed class ListRolePoliciesRequest : IamRequest
{
    public string? RoleName { get; set; }

    public string? Marker { get; set; }

    public int? MaxItems { get; set; }

    internal override string Action => "ListRolePolicies";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("RoleName", RoleName);
        parameters.AddIfSet("Marker", Marker);
        parameters.AddIfSet("MaxItems", MaxItems);
    }
}

internal sealed class ListRolePoliciesResponse : AmazonWebServiceResponse, IIamPagedResponse
{
    public List<string> PolicyNames { get; set; } = [];

    public bool IsTruncated { get; set; }

    public string? Marker { get; set; }
}

internal sealed class DeleteRolePolicyRequest : IamRequest
{
    public string? RoleName { get; set; }

    public string? PolicyName { get; set; }

    internal override string Action => "DeleteRolePolicy";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("RoleName", RoleName);
        parameters.AddIfSet("PolicyName", PolicyName);
    }
}

internal sealed class DeleteRolePolicyResponse : AmazonWebServiceResponse;
