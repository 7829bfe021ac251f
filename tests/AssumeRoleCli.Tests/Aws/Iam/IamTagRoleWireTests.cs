using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Aws.Iam.Transform;

namespace AssumeRoleCli.Tests.Aws.Iam;

/// <summary>TagRole's request parameters, per the 2010-05-08 IAM model (RoleName, Tags.member.N.Key/Value).</summary>
public class IamTagRoleWireTests
{
    [Fact]
    public void Marshall_TagRole_WritesTheRoleAndEachTag()
    {
        var request = new TagRoleRequest { RoleName = "assume_role", Tags = [new Tag { Key = "AssumeRoleCli:ExpiresAt", Value = "2026-12-06T18:00:00Z" }] };

        var parameters = IamRequestMarshaller.Instance.Marshall(request).Parameters;

        var expected = new Dictionary<string, string>
        {
            ["Action"] = "TagRole",
            ["Version"] = "2010-05-08",
            ["RoleName"] = "assume_role",
            ["Tags.member.1.Key"] = "AssumeRoleCli:ExpiresAt",
            ["Tags.member.1.Value"] = "2026-12-06T18:00:00Z",
        };
        Assert.Equal(expected.OrderBy(p => p.Key), parameters.OrderBy(p => p.Key));
    }
}
