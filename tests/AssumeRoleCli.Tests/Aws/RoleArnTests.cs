using AssumeRoleCli.Aws;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Aws;

public class RoleArnTests
{
    [Fact]
    public void TryParse_ReadsEveryPart()
    {
        Assert.True(RoleArn.TryParse("arn:aws:iam::111122223333:role/team/assume_role", out var arn));
        Assert.Equal("aws", arn.Partition);
        Assert.Equal("111122223333", arn.AccountId);
        Assert.Equal("/team/", arn.Path);
        Assert.Equal("assume_role", arn.RoleName);
        Assert.Equal("arn:aws:iam::111122223333:role/team/assume_role", arn.ToString());
    }

    [Theory]
    [InlineData("assume_role")]
    [InlineData("arn:aws:iam::111122223333:user/bob")]
    [InlineData("arn:aws:iam::1111:role/x")]
    [InlineData("arn:aws:sts::111122223333:assumed-role/x/y")]
    [InlineData("")]
    public void TryParse_RejectsWhatIsNotARoleArn(string value) => Assert.False(RoleArn.TryParse(value, out _));

    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/x\n")]
    [InlineData("arn:aws:iam::111122223333:role/x\r\n")]
    public void TryParse_RejectsATrailingNewline(string value) => Assert.False(RoleArn.TryParse(value, out _));

    [Fact]
    public void Is_ComparesAsValues()
    {
        var role = RoleArn.For("aws", "111122223333", "x");
        Assert.True(role.Is("arn:aws:iam::111122223333:role/x"));
        Assert.False(role.Is("arn:aws:iam::111122223333:role/y"));
        Assert.False(role.Is("arn:aws:iam::111122223333:role/x\n"));
        Assert.False(role.Is(null));
    }
}
