using AssumeRoleCli.Cli;
using AssumeRoleCli.Commands;
using AssumeRoleCli.Provisioning;

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
        Assert.False(options.Apply.AutoApprove);
        Assert.Equal(OutputFormat.Text, options.Apply.Output);
        Assert.Equal("assumerole.state.json", options.Apply.StatePath);
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
            (options.SourceProfile, options.DestinationProfile, options.RoleName, options.Region, options.Apply.AutoApprove, options.Apply.Output, options.Apply.StatePath));
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

    [Fact]
    public void LeastPrivilegeOptions_DefaultToTheTutorialsRole()
    {
        var options = CreateRoleCommand.ParseOptions();

        Assert.Equal((3600, 0, null, false, RoleScope.Ec2FullAccess),
            (options.MaxSessionDurationSeconds, options.TrustedPrincipals.Count, options.ExternalId, options.RequireMfa, options.Scope));
    }

    [Fact]
    public void LeastPrivilegeOptions_AreRead()
    {
        var options = CreateRoleCommand.ParseOptions(
            "--max-session-duration", "43200", "--trusted-principal", "arn:aws:iam::111122223333:user/ci",
            "--trusted-principal", "arn:aws:iam::111122223333:role/deployer", "--external-id", "the-shared-secret", "--require-mfa",
            "--scope", "managed-instances");

        Assert.Equal(43200, options.MaxSessionDurationSeconds);
        Assert.Equal(["arn:aws:iam::111122223333:user/ci", "arn:aws:iam::111122223333:role/deployer"], options.TrustedPrincipals);
        Assert.Equal(("the-shared-secret", true, RoleScope.ManagedInstances), (options.ExternalId, options.RequireMfa, options.Scope));
        Assert.DoesNotContain("the-shared-secret", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ScopeManagedInstances_DropsTheDefaultPolicy_ButKeepsGivenOnes()
    {
        Assert.Empty(CreateRoleCommand.ParseOptions("--scope", "managed-instances").PolicyNames);
        Assert.Equal(["ReadOnlyAccess"], CreateRoleCommand.ParseOptions("--scope", "managed-instances", "--policy-name", "ReadOnlyAccess").PolicyNames);
    }

    [Theory]
    [InlineData("--max-session-duration", "3599")]
    [InlineData("--max-session-duration", "43201")]
    [InlineData("--trusted-principal", "arn:aws:iam::111122223333:root")]
    [InlineData("--trusted-principal", "111122223333")]
    [InlineData("--scope", "admin")]
    public void BadLeastPrivilegeInput_IsAUsageError(string option, string value)
    {
        var error = Assert.Throws<CliException>(() => CreateRoleCommand.ParseOptions(option, value));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadExternalId_IsRefusedWithoutEchoingIt()
    {
        var error = Assert.Throws<CliException>(() => CreateRoleCommand.ParseOptions("--external-id", "almost secret"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("--external-id", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("almost secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowedInstanceTypes_AreReadCommaSeparated_FromEachTime_TheOptionIsGiven()
    {
        var options = CreateRoleCommand.ParseOptions("--scope", "managed-instances", "--allowed-instance-types", "t3.micro,t3.small", "--allowed-instance-types", "m7i-flex.large,t3.micro");

        Assert.Equal(["t3.micro", "t3.small", "m7i-flex.large"], options.AllowedInstanceTypes);
        Assert.Equal(options.AllowedInstanceTypes, options.Request.AllowedInstanceTypes);
        Assert.Empty(CreateRoleCommand.ParseOptions("--scope", "managed-instances").AllowedInstanceTypes);
    }

    [Theory]
    [InlineData("t3micro", "t3micro")]
    [InlineData("t3.micro,", "")]
    [InlineData("t3.micro,T3.SMALL", "T3.SMALL")]
    [InlineData("t3.*", "t3.*")]
    public void AnAllowedInstanceTypeOfAnotherShape_IsAUsageError_NamingIt(string value, string bad)
    {
        var error = Assert.Throws<CliException>(() => CreateRoleCommand.ParseOptions("--scope", "managed-instances", "--allowed-instance-types", value));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains($"--allowed-instance-types '{value}' has '{bad}', which is not an instance type (family.size, for example t3.micro)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("--scope", "ec2-full-access")]
    public void AllowedInstanceTypes_WithoutTheManagedInstancesScope_IsAUsageError(params string[] scope)
    {
        var error = Assert.Throws<CliException>(() => CreateRoleCommand.ParseOptions([.. scope, "--allowed-instance-types", "t3.micro"]));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("--allowed-instance-types needs --scope managed-instances", error.Message, StringComparison.Ordinal);
    }
}
