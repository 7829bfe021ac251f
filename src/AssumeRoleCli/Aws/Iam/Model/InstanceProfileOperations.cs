using Amazon.Runtime;
using AssumeRoleCli.Aws.Iam.Transform;

namespace AssumeRoleCli.Aws.Iam.Model;

internal sealed class ListInstanceProfilesForRoleRequest : IamRequest
{
    public string? RoleName { get; set; }

    public string? Marker { get; set; }

    public int? MaxItems { get; set; }

    internal override string Action => "ListInstanceProfilesForRole";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("RoleName", RoleName);
        parameters.AddIfSet("Marker", Marker);
        parameters.AddIfSet("MaxItems", MaxItems);
    }
}

internal sealed class ListInstanceProfilesForRoleResponse : AmazonWebServiceResponse, IIamPagedResponse
{
    public List<InstanceProfile> InstanceProfiles { get; set; } = [];

    public bool IsTruncated { get; set; }

    public string? Marker { get; set; }
}

internal sealed class RemoveRoleFromInstanceProfileRequest : IamRequest
{
    public string? InstanceProfileName { get; set; }

    public string? RoleName { get; set; }

    internal override string Action => "RemoveRoleFromInstanceProfile";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("InstanceProfileName", InstanceProfileName);
        parameters.AddIfSet("RoleName", RoleName);
    }
}

internal sealed class RemoveRoleFromInstanceProfileResponse : AmazonWebServiceResponse;
