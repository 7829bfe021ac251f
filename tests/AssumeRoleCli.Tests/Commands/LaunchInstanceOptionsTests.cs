using AssumeRoleCli.Cli;
using AssumeRoleCli.Commands;

namespace AssumeRoleCli.Tests.Commands;

public class LaunchInstanceOptionsTests
{
    [Fact]
    public void Defaults_AreTheTutorials()
    {
        var options = LaunchInstanceCommand.ParseOptions();

        Assert.Null(options.SourceProfile); // resolved later: the environment, AWS_PROFILE, then the profile 'source'
        Assert.Null(options.RoleArn);
        Assert.Equal("t2.micro", options.InstanceType);
        Assert.Null(options.Ami);
        Assert.Null(options.Count); // not given: as many as run already, at least one (InstancePlanner)
        Assert.Equal("assumerole-cli", options.AssumeRole.SessionName);
        Assert.Equal(3600, options.AssumeRole.DurationSeconds);
        Assert.Equal(TimeSpan.FromMinutes(10), options.WaitTimeout);
        Assert.False(options.NoWait);
        Assert.Equal(OutputFormat.Text, options.Apply.Output);
    }

    [Fact]
    public void Options_AreRead()
    {
        var options = LaunchInstanceCommand.ParseOptions(
            "--role-arn", "arn:aws:iam::111122223333:role/assume_role", "--instance-type", "t3.nano", "--ami", "ami-0123456789abcdef0",
            "--count", "3", "--subnet-id", "subnet-0123abcd", "--security-group-id", "sg-0123abcd", "--security-group-id", "sg-4567abcd",
            "--key-name", "mine", "--tag", "Team=core", "--tag", "Empty=", "--session-name", "ci@build", "--duration", "900",
            "--no-wait", "--wait-timeout", "90s", "--auto-approve", "--output", "json");

        Assert.Equal("111122223333", options.RoleArn!.AccountId);
        Assert.Equal(("t3.nano", "ami-0123456789abcdef0", 3, "subnet-0123abcd", "mine"), (options.InstanceType, options.Ami, options.Count, options.SubnetId, options.KeyName));
        Assert.Equal(["sg-0123abcd", "sg-4567abcd"], options.SecurityGroupIds);
        Assert.Equal("core", options.Tags["Team"]);
        Assert.Equal("", options.Tags["Empty"]);
        Assert.Equal(("ci@build", 900, true, TimeSpan.FromSeconds(90)), (options.AssumeRole.SessionName, options.AssumeRole.DurationSeconds, options.NoWait, options.WaitTimeout));
    }

    [Theory]
    [InlineData("--role-arn", "assume_role")]
    [InlineData("--role-arn", "arn:aws:iam::111122223333:user/bob")]
    [InlineData("--count", "0")]
    [InlineData("--count", "101")]
    [InlineData("--count", "two")]
    [InlineData("--tag", "novalue")]
    [InlineData("--tag", "AssumeRoleCli:Owner=x")]
    [InlineData("--tag", "assumerolecli:role=x")]
    [InlineData("--tag", "=x")]
    [InlineData("--tag", "ManagedBy=me")]
    [InlineData("--tag", "aws:cloudformation=x")]
    [InlineData("--instance-type", "huge")]
    [InlineData("--ami", "ubuntu")]
    [InlineData("--subnet-id", "10.0.0.0/24")]
    [InlineData("--security-group-id", "default")]
    [InlineData("--duration", "60")]
    [InlineData("--session-name", "has space")]
    [InlineData("--wait-timeout", "forever")]
    public void BadInput_IsAUsageError(string option, string value)
    {
        var error = Assert.Throws<CliException>(() => LaunchInstanceCommand.ParseOptions(option, value));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [Fact]
    public void ExternalId_IsPassedToAssumeRole_AndNeverShown()
    {
        var options = LaunchInstanceCommand.ParseOptions("--external-id", "the-shared-secret");

        Assert.Equal("the-shared-secret", options.AssumeRole.ExternalId);
        Assert.Null(LaunchInstanceCommand.ParseOptions().AssumeRole.ExternalId);
        Assert.DoesNotContain("the-shared-secret", options.ToString(), StringComparison.Ordinal);
    }
}
