using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

public class NamingTests
{
    [Theory]
    [InlineData("assume_role")]
    [InlineData("A+=,.@_-9")]
    [InlineData("x")]
    public void IsValidRoleName_AcceptsIamCharacters(string name) => Assert.True(Naming.IsValidRoleName(name));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("émoji")]
    public void IsValidRoleName_RejectsOthers(string name) => Assert.False(Naming.IsValidRoleName(name));

    [Fact]
    public void IsValidRoleName_LimitsLengthTo64()
    {
        Assert.True(Naming.IsValidRoleName(new string('a', 64)));
        Assert.False(Naming.IsValidRoleName(new string('a', 65)));
    }

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/AmazonEC2FullAccess", true)]
    [InlineData("arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM", true)]
    [InlineData("arn:aws:iam::123456789012:policy/mine", true)]
    [InlineData("arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess", true)]
    [InlineData("AmazonEC2FullAccess", false)]
    [InlineData("arn:aws:iam::12345:policy/short-account", false)]
    [InlineData("arn:aws:s3:::bucket", false)]
    public void IsValidPolicyArn(string arn, bool valid) => Assert.Equal(valid, Naming.IsValidPolicyArn(arn));

    [Theory]
    [InlineData("t2.micro", true)]
    [InlineData("m7i-flex.large", true)]
    [InlineData("t2", false)]
    [InlineData("T2.MICRO", false)]
    [InlineData("t2.micro; rm", false)]
    public void IsValidInstanceTypeSyntax(string type, bool valid) => Assert.Equal(valid, Naming.IsValidInstanceTypeSyntax(type));
}
