using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Cli;

/// <summary>
/// launch-instance acts across accounts through the roles the state records, with the source: it reaches no
/// destination, so it neither offers --destination-role nor accepts it.
/// </summary>
public sealed class LaunchFanOutOptionsTests
{
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    private Task<int> RunAsync(params string[] args) => CliApp.RunAsync(args, new CliServices(
        new Terminal(_stdout, _stderr, new StringReader(""), inputIsInteractive: false, errorPalette: Palette.Plain),
        AwsEnvironment.ForDirectory(Path.Combine(Path.GetTempPath(), "assumerole-no-such-dir", "credentials")),
        new FakeClientFactory(),
        TimeProvider.System,
        TimeSpan.Zero));

    [Fact]
    public async Task LaunchHelp_DoesNotOfferDestinationRole_TheOtherFanOutCommandsDo()
    {
        Assert.Equal(0, await RunAsync("launch-instance", "--help"));
        Assert.Contains("--destination-accounts", _stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("--destination-role", _stdout.ToString(), StringComparison.Ordinal);

        _stdout.GetStringBuilder().Clear();
        Assert.Equal(0, await RunAsync("teardown", "--help"));
        Assert.Contains("--destination-role", _stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LaunchWithDestinationRole_IsAUsageErrorNamingIt()
    {
        Assert.Equal(2, await RunAsync("launch-instance", "--destination-accounts", "111122223333", "--destination-role", "AWSControlTowerExecution"));

        Assert.Contains("--destination-role", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("", _stdout.ToString());
    }
}
