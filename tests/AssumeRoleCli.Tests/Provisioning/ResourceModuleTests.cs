using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

public class ResourceModuleTests
{
    private static readonly RoleArn First = RoleArn.For("aws", "111122223333", "assume_role");
    private static readonly RoleArn Other = RoleArn.For("aws", "210987654321", "assume_role");
    private static readonly RoleArn SameAccount = RoleArn.For("aws", "111122223333", "other_role");

    [Fact]
    public void OneRole_KeepsEveryAddressAsItWas()
    {
        Assert.Null(ResourceModule.Of(First, [First]));
        Assert.Equal("aws_iam_role.assume_role", ResourceModule.Prefix(ResourceModule.Of(First, [First]), RolePlan.AddressOf(First)));
    }

    [Fact]
    public void RolesInDifferentAccounts_AreAddressedByAccount()
    {
        Assert.Equal("account[\"210987654321\"].aws_iam_role.assume_role", ResourceModule.Prefix(ResourceModule.Of(Other, [First, Other]), RolePlan.AddressOf(Other)));
    }

    [Fact]
    public void TwoRolesOfOneAccount_AreAddressedByAccountAndRole()
    {
        Assert.Equal("account[\"111122223333\"].role[\"other_role\"]", ResourceModule.Of(SameAccount, [First, Other, SameAccount]));
        Assert.Equal("account[\"210987654321\"]", ResourceModule.Of(Other, [First, Other, SameAccount]));
    }
}
