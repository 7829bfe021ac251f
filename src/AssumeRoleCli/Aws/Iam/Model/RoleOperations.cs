using Amazon.Runtime;
using AssumeRoleCli.Aws.Iam.Transform;

namespace AssumeRoleCli.Aws.Iam.Model;

internal sealed class GetRoleRequest : IamRequest
{
    public string? RoleName { get; set; }

    internal override string Action => "GetRole";

    internal override void WriteParameters(IDictionary<string, string> parameters)
        => parameters.AddIfSet("RoleName", RoleName);
}

internal sealed class GetRoleResponse : AmazonWebServiceResponse
{
    public Role Role { get; set; } = new();
}

internal sealed class CreateRoleRequest : IamRequest
{
    public string? RoleName { get; set; }

    /// <summary>Trust policy JSON (plain, not URL-encoded).</summary>
    public string? AssumeRolePolicyDocument { get; set; }

    public string? Description { get; set; }

    public string? Path { get; set; }

    public int? MaxSessionDuration { get; set; }

    public List<Tag> Tags { get; set; } = [];

    internal override string Action => "CreateRole";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("RoleName", RoleName);
        parameters.AddIfSet("AssumeRolePolicyDocument", AssumeRolePolicyDocument);
        parameters.AddIfSet("Description", Description);
        parameters.AddIfSet("Path", Path);
        parameters.AddIfSet("MaxSessionDuration", MaxSessionDuration);
        parameters.AddTags("Tags", Tags);
    }
}

internal sealed class CreateRoleResponse : AmazonWebServiceResponse
{
    public Role Role { get; set; } = new();
}

internal sealed class UpdateAssumeRolePolicyRequest : IamRequest
{
    public string? RoleName { get; set; }

    public string? PolicyDocument { get; set; }

    internal override string Action => "UpdateAssumeRolePolicy";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("RoleName", RoleName);
        parameters.AddIfSet("PolicyDocument", PolicyDocument);
    }
}

internal sealed class UpdateAssumeRolePolicyResponse : AmazonWebServiceResponse;

/// <summary>Changes a role's description and/or maximum session duration; unset fields are left as they are.</summary>
internal sealed class UpdateRoleRequest : IamRequest
{
    public string? RoleName { get; set; }

    public string? Description { get; set; }

    /// <summary>Seconds, 3600 (IAM's default) to 43200.</summary>
    public int? MaxSessionDuration { get; set; }

    internal override string Action => "UpdateRole";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("RoleName", RoleName);
        parameters.AddIfSet("Description", Description);
        parameters.AddIfSet("MaxSessionDuration", MaxSessionDuration);
    }
}

internal sealed class UpdateRoleResponse : AmazonWebServiceResponse;

internal sealed class DeleteRoleRequest : IamRequest
{
    public string? RoleName { get; set; }

    internal override string Action => "DeleteRole";

    internal override void WriteParameters(IDictionary<string, string> parameters)
        => parameters.AddIfSet("RoleName", RoleName);
}

internal sealed class DeleteRoleResponse : AmazonWebServiceResponse;

/// <summary>Adds tags to a role; a key it already has gets the new value, its other tags stay.</summary>
internal sealed class TagRoleRequest : IamRequest
{
    public string? RoleName { get; set; }

    public List<Tag> Tags { get; set; } = [];

    internal override string Action => "TagRole";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("RoleName", RoleName);
        parameters.AddTags("Tags", Tags);
    }
}

internal sealed class TagRoleResponse : AmazonWebServiceResponse;

internal sealed class ListRoleTagsRequest : IamRequest
{
    public string? RoleName { get; set; }

    public string? Marker { get; set; }

    public int? MaxItems { get; set; }

    internal override string Action => "ListRoleTags";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("RoleName", RoleName);
        parameters.AddIfSet("Marker", Marker);
        parameters.AddIfSet("MaxItems", MaxItems);
    }
}

internal sealed class ListRoleTagsResponse : AmazonWebServiceResponse, IIamPagedResponse
{
    public List<Tag> Tags { get; set; } = [];

    public bool IsTruncated { get; set; }

    public string? Marker { get; set; }
}
