using AssumeRoleCli.Cli;
using AssumeRoleCli.Commands;

namespace AssumeRoleCli.Tests.Commands;

public class CreateRoleOptionsTests
{
    [Fact]
    public void Defaults_AreTheTutorials()
    {
        var options = CreateRoleCommand.ParseOptions();

        Assert.Null(options.SourceProfile); // resolved later: the environment, AWS_PROFILE, then the profile 'source'
        Assert.Equal("destination", options.DestinationProfile);
        Assert.Equal("assume_role", options.RoleName);
        Assert.Equal(["AmazonEC2FullAccess"], options.PolicyNames);
        Assert.Empty(options.PolicyArns);
        Assert.Null(options.Region);
        Assert.False(options.AutoApprove);
        Assert.Equal(OutputFormat.Text, options.Output);
        Assert.Equal("assumerole.state.json", options.StatePath);
    }

    [Fact]
    public void Options_AreRead()
    {
        var options = CreateRoleCommand.ParseOptions(
            "--source-profile", "a", "--destination-profile", "b", "--role-name", "r", "--policy-name", "ReadOnlyAccess",
            "--policy-name", "AmazonEC2FullAccess", "--policy-arn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess",
            "--region", "eu-west-1", "--auto-approve", "--output", "json", "--state", "s.json");

        Assert.Equal(new[] { "ReadOnlyAccess", "AmazonEC2FullAccess" }, options.PolicyNames);
        Assert.Equal(new[] { "arn:aws:iam::aws:policy/IAMReadOnlyAccess" }, options.PolicyArns);
        Assert.Equal(("a", "b", "r", "eu-west-1", true, OutputFormat.Json, "s.json"),
            (options.SourceProfile, options.DestinationProfile, options.RoleName, options.Region, options.AutoApprove, options.Output, options.StatePath));
    }

    [Fact]
    public void OnlyAPolicyArn_DropsTheDefaultPolicyName()
    {
        Assert.Empty(CreateRoleCommand.ParseOptions("--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess").PolicyNames);
    }

    [Theory]
    [InlineData("--role-name", "bad name")]
    [InlineData("--role-name", "")]
    [InlineData("--policy-arn", "AmazonEC2FullAccess")]
    [InlineData("--policy-name", "service-role/AmazonEC2RoleforSSM")]
    [InlineData("--output", "yaml")]
    public void BadInput_IsAUsageError(string option, string value)
    {
        var error = Assert.Throws<CliException>(() => CreateRoleCommand.ParseOptions(option, value));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }
}
