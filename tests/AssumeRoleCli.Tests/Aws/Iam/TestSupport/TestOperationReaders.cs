// Test support, not product code: XML readers for the test-only IAM operations in this folder, built on the
// product's own IamShapeReaders so they parse exactly as the shipped operations do.
using System.Xml.Linq;
using static AssumeRoleCli.Aws.Iam.Transform.IamShapeReaders;

namespace AssumeRoleCli.Tests.Aws.Iam.TestSupport;

/// <summary>Maps <c>&lt;{Action}Result&gt;</c> of the test-only operations onto their responses.</summary>
internal static class TestOperationReaders
{
    public static CreateInstanceProfileResponse CreateInstanceProfile(XElement? r)
        => new() { InstanceProfile = InstanceProfile(r?.Element("InstanceProfile")) };

    public static CreateUserResponse CreateUser(XElement? r) => new() { User = User(r?.Element("User")) };

    public static CreateAccessKeyResponse CreateAccessKey(XElement? r)
        => new() { AccessKey = AccessKey(r?.Element("AccessKey")) };

    public static User User(XElement? e) => new()
    {
        UserName = Text(e, "UserName"),
        UserId = Text(e, "UserId"),
        Arn = Text(e, "Arn"),
        Path = Text(e, "Path"),
        CreateDate = Date(e, "CreateDate"),
    };

    public static AccessKey AccessKey(XElement? e) => new()
    {
        UserName = Text(e, "UserName"),
        AccessKeyId = Text(e, "AccessKeyId"),
        SecretAccessKey = Text(e, "SecretAccessKey"),
        Status = Text(e, "Status"),
        CreateDate = Date(e, "CreateDate"),
    };
}
