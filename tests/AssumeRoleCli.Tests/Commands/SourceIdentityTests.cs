using System.Text.Json;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Commands;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// --source-identity against moto, through the AWS-behaviour proxy, which judges the role's trust as AWS does (an
/// AssumeRole with a SourceIdentity needs sts:SetSourceIdentity there too; moto checks neither) and records what
/// every AssumeRole carried.
/// </summary>
public sealed class SourceIdentityTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    [Fact]
    public async Task LaunchInstanceExecAndCredentials_PassTheSourceIdentityToAssumeRole_WhichTheTrustCreateRoleWroteAllows()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        aws.Add(new TrustPolicyCheck());
        var assumeRoles = aws.Add(new RecordCalls("AssumeRole"));
        var cli = new CommandRunner(aws.World!);
        var created = await cli.RunAsync("create-role", "--auto-approve");
        Assert.True(created.ExitCode == 0, created.ToString());

        var launched = await cli.RunAsync("launch-instance", "--auto-approve", "--no-wait", "--source-identity", "alice@example.com");
        var executed = await cli.RunAsync("exec", "--state", cli.StatePath, "--source-identity", "bob", "--", "true");
        var printed = await cli.RunAsync("credentials", "--source-identity", "carol.c");

        Assert.True(launched.ExitCode == 0, launched.ToString());
        Assert.True(executed.ExitCode == 0, executed.ToString());
        Assert.True(printed.ExitCode == 0, printed.ToString());
        Assert.Equal(["alice@example.com", "bob", "carol.c"], assumeRoles.Calls.Select(c => c.Parameter("SourceIdentity")));
        Assert.Empty(aws.RuleFailures);

        var role = await cli.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None);
        using var trust = JsonDocument.Parse(role!.TrustPolicy);
        var actions = trust.RootElement.GetProperty("Statement").EnumerateArray()
            .SelectMany(s => s.GetProperty("Action") is { ValueKind: JsonValueKind.Array } many ? many.EnumerateArray().Select(a => a.GetString()) : [s.GetProperty("Action").GetString()]);
        Assert.Equal(["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"], actions);
    }

    [Fact]
    public async Task WithoutTheOption_NoSourceIdentityIsSent()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var assumeRoles = aws.Add(new RecordCalls("AssumeRole"));
        var cli = new CommandRunner(aws.World!);
        Assert.Equal(0, (await cli.RunAsync("create-role", "--auto-approve")).ExitCode);

        var printed = await cli.RunAsync("credentials");

        Assert.True(printed.ExitCode == 0, printed.ToString());
        Assert.Null(Assert.Single(assumeRoles.Calls).Parameter("SourceIdentity"));
    }

    /// <summary>
    /// A role whose trust allows only sts:AssumeRole (made before create-role allowed more): AWS refuses AssumeRole with a
    /// SourceIdentity. The error says what is missing and what to do; create-role plans the trust as an update, and after it the
    /// same command works.
    /// </summary>
    [Fact]
    public async Task ARoleWhoseTrustAllowsOnlyAssumeRole_IsRefusedNamingSetSourceIdentity_AndCreateRoleBringsItInLine()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        aws.Add(new TrustPolicyCheck());
        var world = aws.World!;
        var cli = new CommandRunner(world, rolePropagationGrace: TimeSpan.Zero);
        Assert.Equal(0, (await cli.RunAsync("create-role", "--auto-approve")).ExitCode);
        var assumeOnly = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{world.SourceAccountId}}:root"},"Action":"sts:AssumeRole"}]}""";
        await cli.DestinationIam().UpdateTrustPolicyAsync("assume_role", assumeOnly, CancellationToken.None);
        Assert.Equal(0, (await cli.RunAsync("credentials")).ExitCode);

        var refused = await cli.RunAsync("credentials", "--source-identity", "alice");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Equal("", refused.Stdout);
        Assert.Single(refused.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("AccessDenied", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("its trust policy does not allow sts:SetSourceIdentity, which --source-identity needs", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("rerun create-role", refused.Stderr, StringComparison.Ordinal);

        var planned = await cli.RunAsync("create-role", "--dry-run");
        Assert.True(planned.ExitCode == 0, planned.ToString());
        Assert.Contains("Plan: 0 to add, 1 to change, 0 to destroy.", planned.Stdout, StringComparison.Ordinal);
        Assert.Contains("sts:SetSourceIdentity", planned.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunAsync("create-role", "--auto-approve")).ExitCode);

        var again = await cli.RunAsync("credentials", "--source-identity", "alice");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Empty(aws.RuleFailures);
    }
}

/// <summary>A bad --source-identity: one line, exit 2, before anything is read or asked of AWS.</summary>
public sealed class SourceIdentityUsageTests
{
    [Theory]
    [InlineData("launch-instance")]
    [InlineData("exec")]
    [InlineData("credentials")]
    [InlineData("teardown")]
    [InlineData("status")]
    public async Task ABadSourceIdentity_IsOneLine_AndExit2_BeforeAnyAwsCall(string command)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var services = new CliServices(
            new Terminal(stdout, stderr, new StringReader(""), inputIsInteractive: false),
            AwsEnvironment.ForDirectory(Path.Combine(Path.GetTempPath(), "assumerole-no-such-dir", "credentials")),
            new FakeClientFactory(),
            TimeProvider.System,
            TimeSpan.Zero);
        string[] args = command == "exec" ? ["exec", "--source-identity", "aws:alice", "--", "true"] : [command, "--source-identity", "aws:alice"];

        var exit = await CliApp.RunAsync(args, services, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", stdout.ToString());
        Assert.StartsWith("Error: --source-identity 'aws:alice' must be 2-64 of letters, digits and +=,.@_- (STS's rule for SourceIdentity).", stderr.ToString(), StringComparison.Ordinal);
        Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
    }

    [Fact]
    public void TheOption_IsRead_AndGoesIntoAssumeRole()
    {
        var options = LaunchInstanceCommand.ParseOptions("--source-identity", "alice@example.com");
        var role = AssumeRoleCli.Aws.RoleArn.For("aws", "111122223333", "assume_role");

        Assert.Equal("alice@example.com", options.AssumeRole.SourceIdentity);
        Assert.Equal("alice@example.com", options.AssumeRole.For(role).SourceIdentity);
        Assert.Null(LaunchInstanceCommand.ParseOptions().AssumeRole.For(role).SourceIdentity);
    }
}
