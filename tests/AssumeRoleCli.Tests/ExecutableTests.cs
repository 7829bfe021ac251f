using System.Diagnostics;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests;

/// <summary>
/// The built executable as a user runs it: a separate process per test, with its own environment (so endpoint and
/// profile variables never leak between tests), checked by exit code, stdout and stderr.
/// </summary>
public sealed class ExecutableTests : IClassFixture<MotoSandbox>
{
    private readonly MotoSandbox _sandbox;

    public ExecutableTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    internal static Task<CommandOutcome> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        CliProcess.RunAsync(workingDirectory, environment, args);

    private static Dictionary<string, string> Profiles(TwoAccountWorld world, string? configFile = null) => new()
    {
        ["AWS_SHARED_CREDENTIALS_FILE"] = world.CredentialsFile,
        ["AWS_CONFIG_FILE"] = configFile ?? world.ConfigFile,
    };

    [Fact]
    public async Task Help_ListsTheCommands()
    {
        var outcome = await RunAsync(Path.GetTempPath(), new Dictionary<string, string>(), "--help");

        Assert.Equal(0, outcome.ExitCode);
        foreach (var command in new[] { "create-role", "launch-instance", "teardown" })
        {
            Assert.Contains(command, outcome.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnUnknownOption_IsExit2_WithOneLineOnStderr()
    {
        var outcome = await RunAsync(Path.GetTempPath(), new Dictionary<string, string>(), "create-role", "--bogus");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
        Assert.Single(outcome.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("--bogus", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsEndpointUrl_ReachesMoto_AndSecretsNeverReachTheOutput()
    {
        var world = _sandbox.LeaseWorld();
        var environment = Profiles(world);
        environment["AWS_ENDPOINT_URL"] = world.EndpointUrl;

        var created = await RunAsync(world.Directory, environment, "create-role", "--auto-approve");
        var launched = await RunAsync(world.Directory, environment, "launch-instance", "--auto-approve", "--output", "json");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal($"role_arn = \"arn:aws:iam::{world.DestinationAccountId}:role/assume_role\"", created.Stdout.TrimEnd().Split('\n')[^1]);
        Assert.Contains("Creation complete", created.Stderr, StringComparison.Ordinal);
        Assert.True(launched.ExitCode == 0, launched.ToString());
        Assert.StartsWith("{\"instance_id\":\"i-", launched.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(world.Directory, "assumerole.state.json")));

        var secrets = File.ReadAllLines(world.CredentialsFile)
            .Where(l => l.StartsWith("aws_secret_access_key", StringComparison.Ordinal))
            .Select(l => l.Split('=', 2)[1].Trim())
            .ToList();
        Assert.Equal(2, secrets.Count);
        var everything = created.Stdout + created.Stderr + launched.Stdout + launched.Stderr + File.ReadAllText(Path.Combine(world.Directory, "assumerole.state.json"));
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, everything, StringComparison.Ordinal));

        // Neither stdout nor stderr is a terminal: not one escape sequence (no colour, no terminal modes).
        Assert.DoesNotContain('\u001b', everything);
    }

    [Fact]
    public async Task TheRegionAskedFor_IsTheRegionUsed_WithAnEndpointOverride()
    {
        var world = _sandbox.LeaseWorld();
        var environment = Profiles(world);
        environment["AWS_ENDPOINT_URL"] = world.EndpointUrl;
        Assert.Equal(0, (await RunAsync(world.Directory, environment, "create-role", "--auto-approve")).ExitCode);

        var launched = await RunAsync(world.Directory, environment, "launch-instance", "--auto-approve", "--region", "us-west-2", "--output", "json");

        Assert.True(launched.ExitCode == 0, launched.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(launched.Stdout);
        var id = json.RootElement.GetProperty("instance_id").GetString()!;
        Assert.Equal("us-west-2", json.RootElement.GetProperty("region").GetString());
        Assert.Equal("us-west-2", Assert.Single(StateFile.Read(Path.Combine(world.Directory, "assumerole.state.json")).Launches).Region);
        Assert.Equal([id], await InstancesInAsync(world, "us-west-2"));
        Assert.Empty(await InstancesInAsync(world, world.Region));
    }

    /// <summary>What the destination admin sees in <paramref name="region"/> (moto files EC2 resources under the signing region).</summary>
    private static async Task<List<string>> InstancesInAsync(TwoAccountWorld world, string region)
    {
        using var ec2 = new Amazon.EC2.AmazonEC2Client(
            world.DestinationAdminCredentials(), new Amazon.EC2.AmazonEC2Config { AuthenticationRegion = region, ServiceURL = world.EndpointUrl });
        var response = await ec2.DescribeInstancesAsync(new Amazon.EC2.Model.DescribeInstancesRequest());
        return (response.Reservations ?? []).SelectMany(r => r.Instances ?? []).Where(i => i.State.Name != "terminated").Select(i => i.InstanceId).ToList();
    }

    [Fact]
    public async Task ServiceSpecificEndpointVariables_ReachMoto()
    {
        var world = _sandbox.LeaseWorld();
        var environment = Profiles(world);
        environment["AWS_ENDPOINT_URL_IAM"] = world.EndpointUrl;
        environment["AWS_ENDPOINT_URL_STS"] = world.EndpointUrl;

        var created = await RunAsync(world.Directory, environment, "create-role", "--auto-approve", "--output", "json");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains($"\"destination_account\":\"{world.DestinationAccountId}\"", created.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProfilesEndpointUrl_ReachesMoto()
    {
        var world = _sandbox.LeaseWorld();
        var config = Path.Combine(world.Directory, "config-with-endpoint");
        File.WriteAllText(config, $"""
            [profile source]
            region = us-east-1
            endpoint_url = {world.EndpointUrl}

            [profile destination]
            region = us-east-1
            endpoint_url = {world.EndpointUrl}
            """);

        var created = await RunAsync(world.Directory, Profiles(world, config), "create-role", "--auto-approve");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains(world.DestinationAccountId, created.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableEndpoint_IsOneClearLine_NotABug()
    {
        var directory = Directory.CreateTempSubdirectory("assumerole-unreachable-").FullName;
        File.WriteAllText(Path.Combine(directory, "credentials"), "[source]\naws_access_key_id = AKIAFAKE\naws_secret_access_key = x\n[destination]\naws_access_key_id = AKIAFAKE2\naws_secret_access_key = y\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(directory, "credentials"), UnixFileMode.UserRead | UnixFileMode.UserWrite); // as 'aws configure' leaves it
        }
        File.WriteAllText(Path.Combine(directory, "config"), "[profile source]\nregion = us-east-1\n[profile destination]\nregion = us-east-1\n");
        var environment = new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(directory, "credentials"),
            ["AWS_CONFIG_FILE"] = Path.Combine(directory, "config"),
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9", // discard port: nothing listens
        };

        var outcome = await RunAsync(directory, environment, "create-role", "--auto-approve");
        Directory.Delete(directory, recursive: true);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Single(outcome.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("Could not reach AWS", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("bug", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task CtrlCWhileWaiting_Exits130_ReleasesTheLock_AndKeepsTheInstanceRecorded()
    {
        // The proxy holds the wait's first DescribeInstances in flight: Ctrl-C lands inside the wait, whatever the poller's timing.
        using var aws = _sandbox.Proxy.OpenScope(_sandbox.LeaseWorld());
        var world = aws.World!;
        var environment = Profiles(world);
        environment["AWS_ENDPOINT_URL"] = aws.EndpointUrl;
        Assert.Equal(0, (await RunAsync(world.Directory, environment, "create-role", "--auto-approve")).ExitCode);
        // Only the wait's DescribeInstances (by instance id), not the plan's search by tag before RunInstances.
        var hold = aws.Add(new InjectedFault(FaultKind.SlowAnswer, 1, "DescribeInstances")
        {
            Delay = TimeSpan.FromSeconds(60),
            When = call => call.Parameters.Values.Contains("instance-id"),
        });

        using var cli = CliProcess.Start(world.Directory, environment, "launch-instance", "--auto-approve");
        await CliProcess.UntilAsync(() => hold.Remaining == 0 && aws.Requests.Forwarded("RunInstances") == 1, TimeSpan.FromMinutes(1), "the wait's first poll");
        await cli.SignalAsync("INT");
        var outcome = await cli.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcome.ExitCode == 130, outcome.ToString());
        Assert.Contains("Interrupted", outcome.Stderr, StringComparison.Ordinal);
        var state = Path.Combine(world.Directory, "assumerole.state.json");
        Assert.Single(StateFile.Read(state).Launches.Single().InstanceIds);
        Assert.False(File.Exists(state + ".lock"));
    }
}
