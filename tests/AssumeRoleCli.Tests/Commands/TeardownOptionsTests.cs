using AssumeRoleCli.Cli;
using AssumeRoleCli.Commands;

namespace AssumeRoleCli.Tests.Commands;

public class TeardownOptionsTests
{
    [Fact]
    public void Defaults_MatchTheContract()
    {
        var options = TeardownCommand.ParseOptions();

        Assert.Null(options.SourceProfile); // resolved later: the environment, AWS_PROFILE, then the profile 'source'
        Assert.Equal("destination", options.DestinationProfile);
        Assert.Null(options.RoleArn);
        Assert.Null(options.RoleName);
        Assert.False(options.KeepRole);
        Assert.False(options.Apply.AutoApprove);
        Assert.Equal(TimeSpan.FromMinutes(10), options.WaitTimeout);
        Assert.Equal(OutputFormat.Text, options.Apply.Output);
        Assert.Equal("assumerole.state.json", options.Apply.StatePath);
    }

    [Fact]
    public void EveryOption_IsBound()
    {
        var options = TeardownCommand.ParseOptions(
            "--source-profile", "s", "--destination-profile", "d", "--role-arn", "arn:aws:iam::111122223333:role/path/r",
            "--region", "eu-west-1", "--keep-role", "--wait-timeout", "90s", "--auto-approve", "--output", "json", "--state", "x.json");

        Assert.Equal("arn:aws:iam::111122223333:role/path/r", options.RoleArn!.ToString());
        Assert.Equal("r", options.RoleArn.RoleName);
        Assert.Equal(("s", "d", "eu-west-1", "x.json"), (options.SourceProfile, options.DestinationProfile, options.Region, options.Apply.StatePath));
        Assert.True(options.KeepRole && options.Apply.AutoApprove);
        Assert.Equal(TimeSpan.FromSeconds(90), options.WaitTimeout);
        Assert.Equal(OutputFormat.Json, options.Apply.Output);
    }

    [Theory]
    [InlineData("--role-arn", "arn:aws:iam::123:role/x")]
    [InlineData("--role-arn", "assume_role")]
    [InlineData("--role-name", "no spaces")]
    [InlineData("--role-name", "")]
    [InlineData("--wait-timeout", "soon")]
    public void BadInput_IsAUsageError(string option, string value)
    {
        var error = Assert.Throws<CliException>(() => TeardownCommand.ParseOptions(option, value));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [Fact]
    public void RoleArnAndRoleNameTogether_IsAUsageError()
    {
        var error = Assert.Throws<CliException>(
            () => TeardownCommand.ParseOptions("--role-arn", "arn:aws:iam::111122223333:role/r", "--role-name", "r"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("--role-arn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExternalId_IsPassedToAssumeRole()
    {
        Assert.Equal("the-shared-secret", TeardownCommand.ParseOptions("--external-id", "the-shared-secret").AssumeRole.ExternalId);
        Assert.Null(TeardownCommand.ParseOptions().AssumeRole.ExternalId);
    }
}
