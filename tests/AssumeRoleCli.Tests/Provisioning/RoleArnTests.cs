using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

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

    [Fact]
    public void ParseOrUsageError_IsAUsageError()
    {
        var error = Assert.Throws<CliException>(() => RoleArn.ParseOrUsageError("nope"));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }
}
