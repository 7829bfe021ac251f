using AssumeRoleCli.Aws;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Aws;

public class AwsNamesTests
{
    [Theory]
    [InlineData("assume_role")]
    [InlineData("A+=,.@_-9")]
    [InlineData("x")]
    public void IsValidRoleName_AcceptsIamCharacters(string name) => Assert.True(AwsNames.IsValidRoleName(name));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("émoji")]
    public void IsValidRoleName_RejectsOthers(string name) => Assert.False(AwsNames.IsValidRoleName(name));

    [Fact]
    public void IsValidRoleName_LimitsLengthTo64()
    {
        Assert.True(AwsNames.IsValidRoleName(new string('a', 64)));
        Assert.False(AwsNames.IsValidRoleName(new string('a', 65)));
    }

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/AmazonEC2FullAccess", true)]
    [InlineData("arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM", true)]
    [InlineData("arn:aws:iam::123456789012:policy/mine", true)]
    [InlineData("arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess", true)]
    [InlineData("AmazonEC2FullAccess", false)]
    [InlineData("arn:aws:iam::12345:policy/short-account", false)]
    [InlineData("arn:aws:s3:::bucket", false)]
    public void IsValidPolicyArn(string arn, bool valid) => Assert.Equal(valid, AwsNames.IsValidPolicyArn(arn));

    [Theory]
    [InlineData("t2.micro", true)]
    [InlineData("m7i-flex.large", true)]
    [InlineData("t2", false)]
    [InlineData("T2.MICRO", false)]
    [InlineData("t2.micro; rm", false)]
    public void IsValidInstanceTypeSyntax(string type, bool valid) => Assert.Equal(valid, AwsNames.IsValidInstanceTypeSyntax(type));

    [Theory]
    [InlineData("assume_role\n")]
    [InlineData("assume_role\r")]
    public void IsValidRoleName_RejectsATrailingNewline(string name) => Assert.False(AwsNames.IsValidRoleName(name));

    [Theory]
    [InlineData("assumerole-cli", true)]
    [InlineData("a", false)]
    [InlineData("assumerole-cli\n", false)]
    [InlineData("émoji-session", false)]
    public void IsValidSessionName(string name, bool valid) => Assert.Equal(valid, AwsNames.IsValidSessionName(name));

    // botocore's sts model, sourceIdentityType: min 2, max 64, pattern [\w+=,.@-]* (\w in AWS's Java regex: ASCII only).
    [Theory]
    [InlineData("alice", true)]
    [InlineData("alice@example.com", true)]
    [InlineData("ci_build+42=ok,a.b-c", true)]
    [InlineData("ab", true)]
    [InlineData("a", false)]
    [InlineData("", false)]
    [InlineData("aws:alice", false)]
    [InlineData("has space", false)]
    [InlineData("team/alice", false)]
    [InlineData("élodie", false)]
    [InlineData("alice\n", false)]
    public void IsValidSourceIdentity(string name, bool valid) => Assert.Equal(valid, AwsNames.IsValidSourceIdentity(name));

    [Theory]
    [InlineData("AROA3EXAMPLEEXAMPLE12", true)]
    [InlineData("AIDAJQABLZS4A3QDU576Q", true)]
    [InlineData("AKIAIOSFODNN7EXAMPLE", false)]
    [InlineData("AROA", false)]
    [InlineData("arn:aws:iam::111122223333:role/AROA3EXAMPLEEXAMPLE12", false)]
    [InlineData("111122223333", false)]
    [InlineData("AROA3EXAMPLEEXAMPLE12\n", false)]
    public void IsRoleOrUserUniqueId(string principal, bool expected) => Assert.Equal(expected, AwsNames.IsRoleOrUserUniqueId(principal));

    [Fact]
    public void IsValidSourceIdentity_LimitsLengthTo64()
    {
        Assert.True(AwsNames.IsValidSourceIdentity(new string('a', 64)));
        Assert.False(AwsNames.IsValidSourceIdentity(new string('a', 65)));
    }

    [Theory]
    [InlineData("us-east-1", true)]
    [InlineData("cn-north-1", true)]
    [InlineData("us-gov-west-1", true)]
    [InlineData("us-isof-south-1", true)]
    [InlineData("us-east-1\n", false)]
    [InlineData("US-EAST-1", false)]
    public void IsValidRegion(string name, bool valid) => Assert.Equal(valid, AwsNames.IsValidRegion(name));

    [Theory]
    [InlineData("ami-0123456789abcdef0\n")]
    [InlineData("subnet-0123abcd\n")]
    [InlineData("sg-0123abcd\n")]
    public void Ec2Ids_RejectATrailingNewline(string id) =>
        Assert.False(AwsNames.IsValidImageId(id) || AwsNames.IsValidSubnetId(id) || AwsNames.IsValidSecurityGroupId(id));

    [Theory]
    [InlineData("111122223333", true)]
    [InlineData("", false)]
    [InlineData("11112222333", false)]
    [InlineData("111122223333\n", false)]
    public void IsValidAccountId(string id, bool valid) => Assert.Equal(valid, AwsNames.IsValidAccountId(id));

    [Theory]
    [InlineData("arn:aws:iam::111122223333:user/ci", true)]
    [InlineData("arn:aws:iam::111122223333:role/deployer", true)]
    [InlineData("arn:aws:iam::111122223333:role/team/a/deployer", true)]
    [InlineData("arn:aws-cn:iam::111122223333:user/a+b=c,d.e@f_g-h", true)]
    [InlineData("arn:aws:iam::111122223333:root", false)]
    [InlineData("arn:aws:iam::111122223333:group/devs", false)]
    [InlineData("arn:aws:sts::111122223333:assumed-role/deployer/session", false)]
    [InlineData("arn:aws:iam::11112222333:user/ci", false)]
    [InlineData("arn:aws:iam::111122223333:user/", false)]
    [InlineData("arn:aws:iam::111122223333:user/ci\n", false)]
    [InlineData("*", false)]
    public void IsValidPrincipalArn(string arn, bool valid) => Assert.Equal(valid, AwsNames.IsValidPrincipalArn(arn));

    [Theory]
    [InlineData("ab", true)]
    [InlineData("Partner-42:tenant/a+b=c,d.e@f_g", true)]
    [InlineData("a", false)]
    [InlineData("has space", false)]
    [InlineData("quote\"", false)]
    [InlineData("secret\n", false)]
    public void IsValidExternalId(string externalId, bool valid) => Assert.Equal(valid, AwsNames.IsValidExternalId(externalId));

    [Fact]
    public void IsValidExternalId_LimitsLengthTo1224() =>
        Assert.Equal((true, false), (AwsNames.IsValidExternalId(new string('x', 1224)), AwsNames.IsValidExternalId(new string('x', 1225))));
}
