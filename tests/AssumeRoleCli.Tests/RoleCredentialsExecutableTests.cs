using System.Collections.Concurrent;
using System.Runtime.Versioning;
using System.Text.Json;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests;

/// <summary>
/// exec, credentials and MFA through the built executable against moto (through the AWS-behaviour proxy, which records
/// every AssumeRole), with the AWS CLI v1 as the program that uses the credentials.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class RoleCredentialsExecutableTests : IDisposable, IClassFixture<MotoSandbox>
{
    private const string MfaSerial = "arn:aws:iam::123456789012:mfa/alice";
    private static readonly string Executable = Fixtures.Executable.Path;
    private readonly AwsBehaviourScope _aws;
    private readonly RecordAssumeRole _assumeRoles;

    public RoleCredentialsExecutableTests(MotoSandbox sandbox)
    {
        _aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        _assumeRoles = _aws.Add(new RecordAssumeRole());
    }

    private TwoAccountWorld World => _aws.World!;

    private string RoleArn => $"arn:aws:iam::{World.DestinationAccountId}:role/assume_role";

    public void Dispose() => _aws.Dispose();

    private async Task<string> CreateRoleAsync()
    {
        var admin = new CommandRunner(World);
        var created = await admin.RunAsync("create-role", "--auto-approve");
        Assert.True(created.ExitCode == 0, created.ToString());
        return admin.StatePath;
    }

    private Dictionary<string, string> Environment(string? credentialsFile = null) => new()
    {
        ["AWS_SHARED_CREDENTIALS_FILE"] = credentialsFile ?? World.CredentialsFile,
        ["AWS_CONFIG_FILE"] = World.ConfigFile,
        ["AWS_ENDPOINT_URL"] = World.EndpointUrl,
    };

    private Task<CommandOutcome> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ExecutableTests.RunAsync(World.Directory, environment, args);

    /// <summary>The AWS CLI itself, with only the AWS variables given.</summary>
    private async Task<CommandOutcome> AwsCliAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = World.Directory };
        ProcessEnvironment.Isolate(start, World.Directory, environment);

        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CommandOutcome(process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Exec_RunsTheAwsCli_AsTheRole_InTheDestinationAccount_FromTheStateFile()
    {
        var state = await CreateRoleAsync();
        var environment = Environment();
        environment["AWS_PROFILE"] = "source";

        var outcome = await RunAsync(environment, "exec", "--state", state, "--", "aws", "--endpoint-url", World.EndpointUrl, "sts", "get-caller-identity", "--output", "json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var identity = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal(World.DestinationAccountId, identity.RootElement.GetProperty("Account").GetString());
        Assert.StartsWith($"arn:aws:sts::{World.DestinationAccountId}:assumed-role/assume_role/", identity.RootElement.GetProperty("Arn").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_GivesTheChildTheKeysAndRegion_WithoutAwsProfile_PassesItsExitStatus_AndPrintsNoSecret()
    {
        await CreateRoleAsync();
        var seen = Path.Combine(World.Directory, $"seen-{Guid.NewGuid():N}");
        var environment = Environment();
        environment["AWS_PROFILE"] = "source";
        environment["AWS_DEFAULT_PROFILE"] = "source";
        const string script = "printf '%s\\n' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" \"$AWS_SESSION_TOKEN\" \"$AWS_REGION\" \"$AWS_DEFAULT_REGION\" \"${AWS_PROFILE-unset}\" \"${AWS_DEFAULT_PROFILE-unset}\" > \"$1\"; exit 7";

        var outcome = await RunAsync(environment, "exec", "--role-arn", RoleArn, "--", "sh", "-c", script, "sh", seen);

        Assert.True(outcome.ExitCode == 7, outcome.ToString());
        var lines = File.ReadAllLines(seen);
        Assert.StartsWith("ASIA", lines[0], StringComparison.Ordinal);
        Assert.All(lines[1..3], l => Assert.NotEmpty(l));
        Assert.Equal([World.Region, World.Region, "unset", "unset"], lines[3..7]);
        foreach (var secret in lines[0..3])
        {
            Assert.DoesNotContain(secret, outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Exec_AChildKilledBySignalN_Is128PlusN()
    {
        await CreateRoleAsync();

        var outcome = await RunAsync(Environment(), "exec", "--source-profile", "source", "--role-arn", RoleArn, "--", "sh", "-c", "kill -TERM $$");

        Assert.True(outcome.ExitCode == 143, outcome.ToString());
    }

    [Fact]
    public async Task Exec_ReplacesTheParentsStaleTokenExpiryAndAccount_WithTheRoles()
    {
        await CreateRoleAsync();
        var seen = Path.Combine(World.Directory, $"seen-{Guid.NewGuid():N}");
        var environment = Environment();
        environment["AWS_SECURITY_TOKEN"] = "stale-token-of-the-parent";
        environment["AWS_CREDENTIAL_EXPIRATION"] = "2001-01-01T00:00:00Z";
        environment["AWS_ACCOUNT_ID"] = "999999999999";
        const string script = "printf '%s\\n' \"$AWS_SESSION_TOKEN\" \"$AWS_SECURITY_TOKEN\" \"$AWS_CREDENTIAL_EXPIRATION\" \"$AWS_ACCOUNT_ID\" > \"$1\"";

        var outcome = await RunAsync(environment, "exec", "--source-profile", "source", "--role-arn", RoleArn, "--", "sh", "-c", script, "sh", seen);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var lines = File.ReadAllLines(seen);
        Assert.NotEmpty(lines[0]);
        Assert.Equal(lines[0], lines[1]);
        Assert.True(DateTimeOffset.TryParse(lines[2], out var expiration) && expiration > DateTimeOffset.UtcNow, lines[2]);
        Assert.Equal(World.DestinationAccountId, lines[3]);
    }

    [Fact]
    public async Task Exec_TheProgramStartsWithSigpipeAtItsDefault_SoAPipelineEndsQuietly()
    {
        await CreateRoleAsync();

        var outcome = await RunAsync(Environment(), "exec", "--source-profile", "source", "--role-arn", RoleArn, "--", "sh", "-c", "yes | head -1");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal("y\n", outcome.Stdout);
        Assert.DoesNotContain("Broken pipe", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_InterruptedTwice_PassesBothOn_WaitsForTheProgram_AndExitsWithItsStatus()
    {
        await CreateRoleAsync();
        var marker = Path.Combine(World.Directory, $"interrupted-{Guid.NewGuid():N}");
        const string script = "trap 'echo interrupted >> \"$1\"' INT; touch \"$1.ready\"; i=0; while [ $i -lt 100 ] && [ \"$(cat \"$1\" 2>/dev/null | wc -l)\" -lt 2 ]; do sleep 0.1; i=$((i+1)); done; exit 5";
        using var exec = CliProcess.Start(World.Directory, Environment(), "exec", "--source-profile", "source", "--role-arn", RoleArn, "--", "sh", "-c", script, "sh", marker);
        await CliProcess.UntilAsync(() => File.Exists(marker + ".ready"), TimeSpan.FromSeconds(60), "the program to start");

        await exec.SignalAsync("INT");
        await CliProcess.UntilAsync(() => File.Exists(marker), TimeSpan.FromSeconds(10), "the first interrupt to reach the program");
        await exec.SignalAsync("INT");
        var outcome = await exec.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcome.ExitCode == 5, outcome.ToString());
        Assert.Equal(["interrupted", "interrupted"], File.ReadAllLines(marker));
    }

    [Fact]
    public async Task Exec_CtrlCTwiceAtTheTerminal_ReachesTheProgramFromTheTerminalOnly_AndItsStatusIsOurs()
    {
        await CreateRoleAsync();
        const string script = "trap 'echo got-int' INT; echo ready; sleep 1; sleep 1; echo program-done; exit 5";

        var (exit, transcript) = await PseudoTerminal.RunAsync(
            Executable, ["exec", "--source-profile", "source", "--role-arn", RoleArn, "--", "sh", "-c", script], World.Directory, Environment(), typeWhen: "ready", keys: "\u0003\u0003");

        Assert.True(exit == 5, transcript);
        Assert.Contains("program-done", transcript, StringComparison.Ordinal);

        // Once per Ctrl-C: the terminal sent it to the program, and we did not send it again.
        Assert.Equal(2, transcript.Split("got-int").Length - 1);
    }

    [Fact]
    public async Task Mfa_AsACredentialProcessWhoseStderrIsCaptured_AsksOnTheTerminal()
    {
        await CreateRoleAsync();
        string[] args = ["-c", "\"$0\" \"$@\" 2>/dev/null", Executable, "credentials", "--source-profile", "source", "--role-arn", RoleArn, "--mfa-serial", MfaSerial, "--no-cache"];

        var (exit, transcript) = await PseudoTerminal.RunAsync("sh", args, World.Directory, Environment(), typeWhen: "Enter MFA code", keys: "654321\n");

        Assert.True(exit == 0, transcript);
        Assert.Contains($"Enter MFA code for {MfaSerial}: ", transcript, StringComparison.Ordinal);
        var call = Assert.Single(_assumeRoles.Calls);
        Assert.Equal("654321", call.Parameter("TokenCode"));
    }

    [Fact]
    public async Task Mfa_WithNoTerminalAtAll_FailsAtOnce_InOneLine_BeforeAnyAssumeRole()
    {
        await CreateRoleAsync();

        // No controlling terminal (CliProcess starts a new session), stdin closed, stderr captured: as under a CI job.
        var outcome = await RunAsync(Environment(), "credentials", "--source-profile", "source", "--role-arn", RoleArn, "--mfa-serial", MfaSerial, "--no-cache");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("there is no terminal to ask on: pass --mfa-code", outcome.Stderr, StringComparison.Ordinal);
        Assert.Single(outcome.Stderr.TrimEnd().Split('\n'));
        Assert.Empty(_assumeRoles.Calls);
    }

    [Fact]
    public async Task Credentials_AsACredentialProcessProfile_WorkInTheAwsCli()
    {
        await CreateRoleAsync();
        var config = Path.Combine(World.Directory, $"config-{Guid.NewGuid():N}");
        File.WriteAllText(config, File.ReadAllText(World.ConfigFile) +
            $"\n[profile x]\nregion = {World.Region}\ncredential_process = {Executable} credentials --source-profile source --role-arn {RoleArn}\n");
        var environment = Environment();
        environment["AWS_CONFIG_FILE"] = config;

        var outcome = await AwsCliAsync(environment, "--profile", "x", "--endpoint-url", World.EndpointUrl, "sts", "get-caller-identity", "--output", "json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var identity = JsonDocument.Parse(outcome.Stdout);
        Assert.StartsWith($"arn:aws:sts::{World.DestinationAccountId}:assumed-role/assume_role/", identity.RootElement.GetProperty("Arn").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_PrintTheProcessJson_AndEnvLines_OnStdoutOnly()
    {
        await CreateRoleAsync();

        var process = await RunAsync(Environment(), "credentials", "--source-profile", "source", "--role-arn", RoleArn);
        var env = await RunAsync(Environment(), "credentials", "--source-profile", "source", "--role-arn", RoleArn, "--format", "env");

        Assert.True(process.ExitCode == 0, process.ToString());
        using var json = JsonDocument.Parse(process.Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("Version").GetInt32());
        var secret = json.RootElement.GetProperty("SecretAccessKey").GetString()!;
        Assert.NotEmpty(json.RootElement.GetProperty("SessionToken").GetString()!);
        Assert.True(DateTimeOffset.TryParse(json.RootElement.GetProperty("Expiration").GetString(), out var expiration) && expiration > DateTimeOffset.UtcNow);
        Assert.DoesNotContain(secret, process.Stderr, StringComparison.Ordinal);
        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.Matches(
            "\\Aexport AWS_ACCESS_KEY_ID='ASIA[^']+'\nexport AWS_SECRET_ACCESS_KEY='[^']+'\nexport AWS_SESSION_TOKEN='([^']+)'\nexport AWS_SECURITY_TOKEN='\\1'\n" +
            $"export AWS_CREDENTIAL_EXPIRATION='\\d{{4}}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ'\nexport AWS_ACCOUNT_ID='{World.DestinationAccountId}'\nexport AWS_REGION='us-east-1'\nexport AWS_DEFAULT_REGION='us-east-1'\n\\z",
            env.Stdout);
        Assert.Equal("", env.Stderr);
    }

    [Fact]
    public async Task MfaCode_ReachesSts_IsCachedOwnerOnly_AndTheNextCommandAsksNeither()
    {
        await CreateRoleAsync();
        string[] args = ["credentials", "--source-profile", "source", "--role-arn", RoleArn, "--mfa-serial", MfaSerial];

        var first = await RunAsync(Environment(), [.. args, "--mfa-code", "123456"]);
        var second = await RunAsync(Environment(), args);

        Assert.True(first.ExitCode == 0, first.ToString());
        var call = Assert.Single(_assumeRoles.Calls);
        Assert.Equal((MfaSerial, "123456"), (call.Parameter("SerialNumber"), call.Parameter("TokenCode")));
        var cached = Assert.Single(Directory.GetFiles(Path.Combine(World.Directory, ".aws", "cli", "cache")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cached));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Single(_assumeRoles.Calls);
        using var one = JsonDocument.Parse(first.Stdout);
        using var two = JsonDocument.Parse(second.Stdout);
        Assert.Equal(one.RootElement.GetProperty("AccessKeyId").GetString(), two.RootElement.GetProperty("AccessKeyId").GetString());
        File.Delete(cached);
    }

    [Fact]
    public async Task ASourceProfileWithMfaSerial_AndNoCodeNorTerminal_IsExit2_BeforeAnyAssumeRole()
    {
        var state = await CreateRoleAsync();
        var credentials = Path.Combine(World.Directory, $"credentials-mfa-{Guid.NewGuid():N}");
        File.WriteAllText(credentials, File.ReadAllText(World.CredentialsFile).Replace("[source]", $"[source]\nmfa_serial = {MfaSerial}", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite); // as 'aws configure' leaves it
        }

        var outcome = await RunAsync(Environment(credentials), "launch-instance", "--state", state, "--auto-approve", "--no-cache");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains($"MFA device {MfaSerial}", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("--mfa-code", outcome.Stderr, StringComparison.Ordinal);
        Assert.Single(outcome.Stderr.TrimEnd().Split('\n'));
        Assert.Empty(_assumeRoles.Calls);
    }

    /// <summary>Records every AssumeRole that passes through the scope.</summary>
    private sealed class RecordAssumeRole : AwsBehaviourRule
    {
        private readonly ConcurrentQueue<AwsCall> _calls = new();

        public IReadOnlyCollection<AwsCall> Calls => _calls;

        protected override Task<ProxyReply> HandleAsync(AwsExchange exchange)
        {
            if (exchange.Call.Is("sts", "AssumeRole"))
            {
                _calls.Enqueue(exchange.Call);
            }

            return exchange.ForwardAsync();
        }
    }
}
