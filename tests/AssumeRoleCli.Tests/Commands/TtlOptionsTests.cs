using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Commands;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>--ttl on create-role and launch-instance (the --wait-timeout syntax, plus days), and teardown --expired.</summary>
public class TtlOptionsTests
{
    [Theory]
    [InlineData("7d", 7 * 24 * 3600)]
    [InlineData("90m", 90 * 60)]
    [InlineData("1d12h", 36 * 3600)]
    [InlineData("45s", 45)]
    [InlineData("365d", 365 * 24 * 3600)]
    public void Ttl_IsRead_OnCreateRoleAndLaunchInstance(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CreateRoleCommand.ParseOptions("--ttl", text).Ttl);
        Assert.Equal(TimeSpan.FromSeconds(seconds), CreateRoleCommand.ParseOptions("--ttl", text).Request.Ttl);
        Assert.Equal(TimeSpan.FromSeconds(seconds), LaunchInstanceCommand.ParseOptions("--ttl", text).Request.Ttl);
    }

    [Fact]
    public void WithoutTtl_NoExpiryIsAskedFor()
    {
        Assert.Null(CreateRoleCommand.ParseOptions().Request.Ttl);
        Assert.Null(LaunchInstanceCommand.ParseOptions().Request.Ttl);
    }

    [Fact]
    public void Expired_IsReadOnTeardown()
    {
        Assert.True(TeardownCommand.ParseOptions("--expired").Expired);
        Assert.False(TeardownCommand.ParseOptions().Expired);
    }

    [Fact]
    public void WaitTimeout_TakesDaysToo_WithinItsOwnLimit()
    {
        Assert.Equal(TimeSpan.FromDays(1), LaunchInstanceCommand.ParseOptions("--wait-timeout", "1d").WaitTimeout);
        Assert.Throws<CliException>(() => LaunchInstanceCommand.ParseOptions("--wait-timeout", "2d"));
    }

    [Theory]
    [InlineData("create-role", "--ttl=0s")]
    [InlineData("create-role", "--ttl=0d")]
    [InlineData("create-role", "--ttl=-1h")]
    [InlineData("launch-instance", "--ttl=-7d")]
    [InlineData("launch-instance", "--ttl=soon")]
    [InlineData("launch-instance", "--ttl=366d")]
    [InlineData("create-role", "--ttl=1.5h")]
    public async Task ABadTtl_IsOneClearLine_Exit2_BeforeAnythingIsRead(string command, string ttl)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var clients = new FakeClientFactory();
        var state = Path.Combine(Path.GetTempPath(), $"assumerole-ttl-{Guid.NewGuid():N}.json");

        var exit = await CliApp.RunAsync([command, ttl, "--auto-approve", "--state", state], new CliServices(
            new Terminal(stdout, stderr, new StringReader(""), inputIsInteractive: false),
            AwsEnvironment.ForDirectory(Path.Combine(Path.GetTempPath(), "assumerole-no-such-dir", "credentials")),
            clients,
            TimeProvider.System,
            TimeSpan.Zero));

        Assert.Equal(ExitCodes.Usage, exit);
        var line = Assert.Single(stderr.ToString().TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"Error: --ttl '{ttl["--ttl=".Length..]}' is not a duration from 1s to 365d: use e.g. 90m, 12h or 7d.", line, StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());
        Assert.False(File.Exists(state));
        Assert.Empty(clients.Iam.Writes);
    }
}
