using System.Text.RegularExpressions;
using AssumeRoleCli.Aws.Calls;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests;

/// <summary>What the built executable says about AWS calls: --verbose traces, and errors naming the failed call.</summary>
public sealed partial class ExecutableDiagnosticsTests : IClassFixture<MotoSandbox>
{
    private readonly MotoSandbox _sandbox;

    public ExecutableDiagnosticsTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    [Fact]
    public async Task Verbose_TracesEveryAwsCall_WithAMaskedKey_AndNeverASecret()
    {
        var world = _sandbox.LeaseWorld();
        var environment = new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = world.CredentialsFile,
            ["AWS_CONFIG_FILE"] = world.ConfigFile,
            ["AWS_ENDPOINT_URL"] = world.EndpointUrl,
        };

        var created = await Executable.RunAsync(world.Directory, environment, "create-role", "--auto-approve", "--verbose");
        var launched = await Executable.RunAsync(world.Directory, environment, "--debug", "launch-instance", "--auto-approve", "--no-wait");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(launched.ExitCode == 0, launched.ToString());
        var traces = (created.Stderr + launched.Stderr).Split('\n').Where(l => l.StartsWith("[debug] ", StringComparison.Ordinal)).ToList();
        Assert.All(traces, line => Assert.Matches(TraceLine(), line));
        var source = AwsCallRecord.IdentityFromArn(world.SourceUserArn);
        var destination = AwsCallRecord.IdentityFromArn(world.DestinationAdminArn);
        var role = $"assume_role in {world.DestinationAccountId}";
        Assert.True(traces.Any(l => l.StartsWith("[debug] aws sts:GetCallerIdentity status=200 ", StringComparison.Ordinal) && l.Contains($"identity=\"{source}\"", StringComparison.Ordinal)), string.Join('\n', traces));
        // create-role no longer asks STS who the destination is (the role's ARN names its account), so its IAM calls are
        // named by the profile they were made with.
        Assert.True(traces.Any(l => l.StartsWith("[debug] aws iam:CreateRole status=200 ", StringComparison.Ordinal)
            && (l.Contains($"identity=\"{destination}\"", StringComparison.Ordinal) || l.Contains("identity=\"profile destination\"", StringComparison.Ordinal))), string.Join('\n', traces));
        // launch-instance no longer asks STS who the source is before AssumeRole (AWS refuses a root user itself), so the
        // call is named by the profile it was made with.
        Assert.True(traces.Any(l => l.StartsWith("[debug] aws sts:AssumeRole status=200 ", StringComparison.Ordinal)
            && (l.Contains($"identity=\"{source}\"", StringComparison.Ordinal) || l.Contains("identity=\"profile source\"", StringComparison.Ordinal))), string.Join('\n', traces));
        Assert.True(traces.Any(l => l.StartsWith("[debug] aws ec2:RunInstances status=200 ", StringComparison.Ordinal) && l.Contains($"identity=\"{role}\" key=ASIA...", StringComparison.Ordinal)), string.Join('\n', traces));

        // The profiles' real-looking keys: ids only masked, secrets never; nor any session token (no long base64 run).
        var everything = created.Stdout + created.Stderr + launched.Stdout + launched.Stderr;
        var profileValues = File.ReadAllLines(world.CredentialsFile).Where(l => l.Contains('=', StringComparison.Ordinal)).Select(l => l.Split('=', 2)[1].Trim()).ToList();
        Assert.NotEmpty(profileValues);
        Assert.All(profileValues, value => Assert.DoesNotContain(value, everything, StringComparison.Ordinal));
        Assert.DoesNotMatch(LongBase64(), RequestId().Replace(everything, "request_id=")); // moto's IAM request ids are 52 letters
    }

    [Fact]
    public async Task AnAwsError_NamesTheOperationIdentityAndRegion_InOneLine()
    {
        var directory = Directory.CreateTempSubdirectory("assumerole-badkey-").FullName;
        const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
        File.WriteAllText(Path.Combine(directory, "credentials"), $"[source]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = {Secret}\n[destination]\naws_access_key_id = AKIAIOSFODNN8EXAMPLE\naws_secret_access_key = {Secret}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(directory, "credentials"), UnixFileMode.UserRead | UnixFileMode.UserWrite); // as 'aws configure' leaves it
        }
        File.WriteAllText(Path.Combine(directory, "config"), "[profile source]\nregion = us-east-2\n[profile destination]\nregion = us-east-2\n");
        var environment = new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(directory, "credentials"),
            ["AWS_CONFIG_FILE"] = Path.Combine(directory, "config"),
            ["AWS_ENDPOINT_URL"] = _sandbox.EndpointUrl,
        };

        var plain = await Executable.RunAsync(directory, environment, "create-role", "--auto-approve");
        var verbose = await Executable.RunAsync(directory, environment, "create-role", "--auto-approve", "--verbose");
        Directory.Delete(directory, recursive: true);

        Assert.Equal(1, plain.ExitCode);
        var line = Assert.Single(plain.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("Error: sts:GetCallerIdentity as profile source (us-east-2): AWS error ", line, StringComparison.Ordinal);
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("key=AKIA...MPLE", verbose.Stderr, StringComparison.Ordinal);
        Assert.Single(verbose.Stderr.Split('\n'), l => l.StartsWith("Error: ", StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, plain.Stderr + verbose.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", verbose.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex("""\A\[debug\] aws (sts|iam|ec2):[A-Za-z]+ status=(\d{3}|none) ms=\d+ request_id=\S+ attempt=\d+ identity="[^"]+" key=(A[KS]IA\.\.\.[A-Z0-9]{4}|none)( error=\S+)?\z""")]
    private static partial Regex TraceLine();

    [GeneratedRegex(@"request_id=\S+")]
    private static partial Regex RequestId();

    [GeneratedRegex("[A-Za-z0-9+/=]{40,}")]
    private static partial Regex LongBase64();
}
