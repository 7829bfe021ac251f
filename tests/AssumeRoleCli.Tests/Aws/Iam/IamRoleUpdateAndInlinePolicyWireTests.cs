using System.Text;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Aws.Iam.Transform;
using static AssumeRoleCli.Tests.Aws.Iam.IamXmlResponses;

namespace AssumeRoleCli.Tests.Aws.Iam;

/// <summary>
/// Request parameters and response reading of UpdateRole (max session duration, description) and of a role's
/// inline policy (PutRolePolicy / GetRolePolicy), per the 2010-05-08 IAM model.
/// </summary>
public class IamRoleUpdateAndInlinePolicyWireTests
{
    [Fact]
    public void Marshall_UpdateRole_WritesNameDescriptionAndMaxSessionDuration()
    {
        var request = new UpdateRoleRequest { RoleName = "deployer", Description = "ci & cd", MaxSessionDuration = 43200 };

        var parameters = IamRequestMarshaller.Instance.Marshall(request).Parameters;

        var expected = new Dictionary<string, string>
        {
            ["Action"] = "UpdateRole",
            ["Version"] = "2010-05-08",
            ["RoleName"] = "deployer",
            ["Description"] = "ci & cd",
            ["MaxSessionDuration"] = "43200",
        };
        Assert.Equal(expected.OrderBy(p => p.Key), parameters.OrderBy(p => p.Key));
    }

    [Fact]
    public void Marshall_UpdateRole_LeavesUnsetFieldsOut()
    {
        var parameters = IamRequestMarshaller.Instance.Marshall(
            new UpdateRoleRequest { RoleName = "deployer", MaxSessionDuration = 7200 }).Parameters;

        Assert.Equal(["Action", "MaxSessionDuration", "RoleName", "Version"], parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("7200", parameters["MaxSessionDuration"]);
    }

    [Fact]
    public void Marshall_PutRolePolicy_SendsPlainJsonFormEncodedInTheBody()
    {
        var request = new PutRolePolicyRequest { RoleName = "r", PolicyName = "least-privilege", PolicyDocument = """{"Sid":"a+b c"}""" };

        var marshalled = IamRequestMarshaller.Instance.Marshall(request);

        Assert.Equal("PutRolePolicy", marshalled.Parameters["Action"]);
        Assert.Equal("least-privilege", marshalled.Parameters["PolicyName"]);
        Assert.Equal("""{"Sid":"a+b c"}""", marshalled.Parameters["PolicyDocument"]);
        using var reader = new StreamReader(marshalled.ContentStream, Encoding.UTF8);
        Assert.Contains("PolicyDocument=%7B%22Sid%22%3A%22a%2Bb%20c%22%7D", reader.ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Marshall_GetRolePolicy_SendsRoleAndPolicyNameOnly()
    {
        var parameters = IamRequestMarshaller.Instance.Marshall(
            new GetRolePolicyRequest { RoleName = "r", PolicyName = "least-privilege" }).Parameters;

        Assert.Equal(4, parameters.Count);
        Assert.Equal("GetRolePolicy", parameters["Action"]);
        Assert.Equal("r", parameters["RoleName"]);
        Assert.Equal("least-privilege", parameters["PolicyName"]);
    }

    [Fact]
    public void GetRolePolicy_ReadsNamesAndDecodesPolicyDocument()
    {
        // As IAM sends it: URL-encoded, where %2B is a '+' and a literal '+' stays '+'.
        var xml = $"""
            <GetRolePolicyResponse xmlns="{Ns}"><GetRolePolicyResult>
              <PolicyName>least-privilege</PolicyName>
              <RoleName>deployer</RoleName>
              <PolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Sid%22%3A%22a%2Bb+c%20d%22%7D</PolicyDocument>
            </GetRolePolicyResult><ResponseMetadata><RequestId>grp-1</RequestId></ResponseMetadata></GetRolePolicyResponse>
            """;

        var response = Unmarshall(xml, "GetRolePolicy", IamResultReaders.GetRolePolicy);

        Assert.Equal("deployer", response.RoleName);
        Assert.Equal("least-privilege", response.PolicyName);
        Assert.Equal("""{"Version":"2012-10-17","Sid":"a+b+c d"}""", response.PolicyDocument);
        Assert.Equal("grp-1", response.ResponseMetadata.RequestId);
    }

    [Fact]
    public void UpdateRole_EmptyResultElement_ReadsRequestId()
    {
        var xml = $"""<UpdateRoleResponse xmlns="{Ns}"><UpdateRoleResult/><ResponseMetadata><RequestId>upd-1</RequestId></ResponseMetadata></UpdateRoleResponse>""";

        var response = Unmarshall(xml, "UpdateRole", IamResultReaders.Empty<UpdateRoleResponse>);

        Assert.Equal("upd-1", response.ResponseMetadata.RequestId);
    }
}
