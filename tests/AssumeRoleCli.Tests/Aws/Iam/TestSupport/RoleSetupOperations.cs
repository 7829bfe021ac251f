// Test support, not product code: IAM operations on roles that only the tests call (to build the state the
// product then reads or tears down). They live here so the shipped binary carries only what the product uses;
// IamClientTestOperations sends them through IamClient's internal SendAsync.
using Amazon.Runtime;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Aws.Iam.Transform;

namespace AssumeRoleCli.Tests.Aws.Iam.TestSupport;

internal sealed class CreateInstanceProfileRequest : IamRequest
{
    public string? InstanceProfileName { get; set; }

    public string? Path { get; set; }

    internal override string Action => "CreateInstanceProfile";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("InstanceProfileName", InstanceProfileName);
        parameters.AddIfSet("Path", Path);
    }
}

internal sealed class CreateInstanceProfileResponse : AmazonWebServiceResponse
{
    public InstanceProfile InstanceProfile { get; set; } = new();
}

internal sealed class AddRoleToInstanceProfileRequest : IamRequest
{
    public string? InstanceProfileName { get; set; }

    public string? RoleName { get; set; }

    internal override string Action => "AddRoleToInstanceProfile";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("InstanceProfileName", InstanceProfileName);
        parameters.AddIfSet("RoleName", RoleName);
    }
}

internal sealed class AddRoleToInstanceProfileResponse : AmazonWebServiceResponse;
