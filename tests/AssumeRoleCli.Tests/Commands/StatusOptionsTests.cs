using AssumeRoleCli.Cli;
using AssumeRoleCli.Commands;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>status's command line, and --dry-run on every command that changes something.</summary>
public class StatusOptionsTests
{
    [Fact]
    public void Defaults_MatchTheContract()
    {
        var options = StatusCommand.ParseOptions();

        Assert.Equal((null, "destination"), (options.SourceProfile, options.DestinationProfile)); // the source is resolved later: the environment, AWS_PROFILE, then the profile 'source'
        Assert.Null(options.RoleArn);
        Assert.Null(options.RoleName);
        Assert.Null(options.Region);
        Assert.Equal(("assumerole-cli", 3600), (options.AssumeRole.SessionName, options.AssumeRole.DurationSeconds));
        Assert.Equal(OutputFormat.Text, options.Output);
        Assert.Equal("assumerole.state.json", options.StatePath);
    }

    [Fact]
    public void EveryOption_IsBound()
    {
        var options = StatusCommand.ParseOptions(
            "--source-profile", "s", "--destination-profile", "d", "--role-name", "r", "--region", "eu-west-1",
            "--session-name", "looking", "--duration", "900", "--output", "json", "--state", "x.json");

        Assert.Equal(("s", "d", "r", "eu-west-1", "x.json"), (options.SourceProfile, options.DestinationProfile, options.RoleName, options.Region, options.StatePath));
        Assert.Equal(("looking", 900), (options.AssumeRole.SessionName, options.AssumeRole.DurationSeconds));
        Assert.Equal(OutputFormat.Json, options.Output);
    }

    [Theory]
    [InlineData("--role-arn", "arn:aws:iam::123:role/x")]
    [InlineData("--role-name", "no spaces")]
    [InlineData("--auto-approve")]
    [InlineData("--dry-run")]
    public void BadOrUnknownOptions_AreUsageErrors(params string[] args)
    {
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => StatusCommand.ParseOptions(args)).ExitCode);
    }

    [Fact]
    public void DryRun_IsOffByDefault_AndBoundOnEveryChangingCommand()
    {
        Assert.False(CreateRoleCommand.ParseOptions().Apply.DryRun);
        Assert.False(LaunchInstanceCommand.ParseOptions().Apply.DryRun);
        Assert.False(TeardownCommand.ParseOptions().Apply.DryRun);
        Assert.True(CreateRoleCommand.ParseOptions("--dry-run").Apply.DryRun);
        Assert.True(LaunchInstanceCommand.ParseOptions("--dry-run").Apply.DryRun);
        Assert.True(TeardownCommand.ParseOptions("--dry-run").Apply.DryRun);
    }
}
