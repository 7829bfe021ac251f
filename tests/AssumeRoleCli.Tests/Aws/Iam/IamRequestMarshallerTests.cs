using System.Text;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Aws.Iam.Transform;

namespace AssumeRoleCli.Tests.Aws.Iam;

public class IamRequestMarshallerTests
{
    [Fact]
    public void Marshall_CreateRole_WritesActionVersionParametersAndMemberEncodedTags()
    {
        var request = new CreateRoleRequest
        {
            RoleName = "deployer",
            AssumeRolePolicyDocument = """{"a":"x+y z"}""",
            Description = "desc",
            Path = "/ci/",
            Tags = [new Tag("team", "platform"), new Tag("env", "dev")],
        };

        var marshalled = IamRequestMarshaller.Instance.Marshall(request);

        Assert.Equal("POST", marshalled.HttpMethod);
        Assert.Equal("IAM", marshalled.ServiceName);
        var expected = new Dictionary<string, string>
        {
            ["Action"] = "CreateRole",
            ["Version"] = "2010-05-08",
            ["RoleName"] = "deployer",
            ["AssumeRolePolicyDocument"] = """{"a":"x+y z"}""",
            ["Description"] = "desc",
            ["Path"] = "/ci/",
            ["Tags.member.1.Key"] = "team",
            ["Tags.member.1.Value"] = "platform",
            ["Tags.member.2.Key"] = "env",
            ["Tags.member.2.Value"] = "dev",
        };
        Assert.Equal(expected.OrderBy(p => p.Key), marshalled.Parameters.OrderBy(p => p.Key));
    }

    [Fact]
    public void Marshall_CreateRole_BodyIsFormEncodedWithPlusAndSpaceEscaped()
    {
        var request = new CreateRoleRequest { RoleName = "r", AssumeRolePolicyDocument = "x+y z" };

        var body = ReadBody(IamRequestMarshaller.Instance.Marshall(request));

        Assert.Contains("Action=CreateRole", body, StringComparison.Ordinal);
        Assert.Contains("Version=2010-05-08", body, StringComparison.Ordinal);
        Assert.Contains("AssumeRolePolicyDocument=x%2By%20z", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Marshall_GetRole_SendsOnlyRoleName()
    {
        var marshalled = IamRequestMarshaller.Instance.Marshall(new GetRoleRequest { RoleName = "r1" });

        Assert.Equal(3, marshalled.Parameters.Count);
        Assert.Equal("GetRole", marshalled.Parameters["Action"]);
        Assert.Equal("r1", marshalled.Parameters["RoleName"]);
    }

    [Fact]
    public void Marshall_EmptyTagList_SendsNoTagParameters()
    {
        var marshalled = IamRequestMarshaller.Instance.Marshall(new CreateRoleRequest { RoleName = "r1" });

        Assert.DoesNotContain(marshalled.Parameters.Keys, k => k.StartsWith("Tags", StringComparison.Ordinal));
    }

    [Fact]
    public void Marshall_ListPolicies_WritesScopeBoolAndPaging()
    {
        var request = new ListPoliciesRequest
        {
            Scope = PolicyScopeType.AWS,
            OnlyAttached = true,
            PathPrefix = "/service-role/",
            Marker = "abc",
            MaxItems = 25,
        };

        var parameters = IamRequestMarshaller.Instance.Marshall(request).Parameters;

        Assert.Equal("ListPolicies", parameters["Action"]);
        Assert.Equal("AWS", parameters["Scope"]);
        Assert.Equal("true", parameters["OnlyAttached"]);
        Assert.Equal("/service-role/", parameters["PathPrefix"]);
        Assert.Equal("abc", parameters["Marker"]);
        Assert.Equal("25", parameters["MaxItems"]);
    }

    [Fact]
    public void Marshall_InstanceProfileMembership_WritesBothNames()
    {
        var parameters = IamRequestMarshaller.Instance.Marshall(
            new RemoveRoleFromInstanceProfileRequest { InstanceProfileName = "ip", RoleName = "r" }).Parameters;

        Assert.Equal("RemoveRoleFromInstanceProfile", parameters["Action"]);
        Assert.Equal("ip", parameters["InstanceProfileName"]);
        Assert.Equal("r", parameters["RoleName"]);
    }

    private static string ReadBody(Amazon.Runtime.Internal.IRequest request)
    {
        using var reader = new StreamReader(request.ContentStream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
