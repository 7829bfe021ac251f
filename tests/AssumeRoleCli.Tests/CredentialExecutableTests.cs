using System.Runtime.Versioning;
using AssumeRoleCli.Tests.Aws;
using AssumeRoleCli.Tests.Aws.Credentials;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests;

/// <summary>
/// The built executable with an SSO or credential_process source profile, as a user runs it: its own HOME (so the
/// SDK's ~/.aws/sso/cache is the test's), AWS_ENDPOINT_URL_SSO/_STS at a local stand-in, and nothing else from AWS_*.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class CredentialExecutableTests : IDisposable
{
    private const string Config = """
        [profile dev]
        sso_session = corp
        sso_account_id = 111122223333
        sso_role_name = Developer
        region = eu-west-1

        [sso-session corp]
        sso_start_url = https://example.awsapps.com/start
        sso_region = us-east-1

        [profile destination]
        region = eu-west-1
        """;

    private readonly string _home = Directory.CreateTempSubdirectory("assumerole-home-").FullName;
    private readonly ProfileFiles _aws;

    public CredentialExecutableTests()
    {
        // ProfileFiles lays out credentials, config and sso/cache side by side, as under ~/.aws.
        _aws = new ProfileFiles("[destination]\naws_access_key_id = AKIADEST000000000000\naws_secret_access_key = destsecret\n", Config);
        Directory.CreateSymbolicLink(Path.Combine(_home, ".aws"), _aws.Directory);
    }

    public void Dispose()
    {
        Directory.Delete(_home, recursive: true);
        _aws.Dispose();
    }

    private Task<CommandOutcome> CreateRoleAsync(string sourceProfile) => ExecutableTests.RunAsync(
        _home,
        new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_SSO"] = _aws.Aws.Url.ToString(),
            ["AWS_ENDPOINT_URL_STS"] = _aws.Aws.Url.ToString(),
        },
        "create-role", "--source-profile", sourceProfile, "--region", "eu-west-1", "--auto-approve");

    [Fact]
    public async Task AnSsoSourceProfile_WithTheTokenAwsSsoLoginCached_SignsStsWithItsRoleCredentials()
    {
        _aws.CacheSsoToken("corp", "cached-access-token", DateTime.UtcNow.AddHours(8));

        var outcome = await CreateRoleAsync("dev");

        // The stand-in says the caller is a root user, so create-role stops right after GetCallerIdentity (asked of both
        // sides at once: the source's is the one signed with the SSO role's credentials).
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("root user of account 123456789012", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal("cached-access-token", Assert.Single(_aws.Aws.Requests, r => r.Path == "/federation/credentials").SsoBearerToken);
        Assert.Single(_aws.Aws.Calls("GetCallerIdentity"), c => (c.Authorization ?? "").Contains($"Credential={LocalAwsEndpoint.IssuedAccessKey}/", StringComparison.Ordinal));
        Assert.DoesNotContain(LocalAwsEndpoint.IssuedSecret, outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnSsoSourceProfile_WithoutACachedToken_IsOneLineSayingToRunAwsSsoLogin()
    {
        var outcome = await CreateRoleAsync("dev");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("Error: Profile 'dev' signs in with IAM Identity Center and has no valid cached SSO token: run 'aws sso login --profile dev', then try again.", outcome.Stderr.TrimEnd());
        // Nothing is asked with the source; only the destination's identity (read alongside, for the plan's target) may go out.
        Assert.All(_aws.Aws.Requests, r => Assert.Contains("Credential=AKIADEST000000000000/", r.Authorization ?? "", StringComparison.Ordinal));
        Assert.Equal(_aws.Aws.Requests.Count, _aws.Aws.Calls("GetCallerIdentity").Count());
    }

    [Fact]
    public async Task AFailingCredentialProcess_IsOneLineWithTheProfileAndTheProcessesOwnMessage()
    {
        var script = Path.Combine(_aws.Directory, "creds.sh");
        File.WriteAllText(script, "#!/bin/sh\necho 'vault: token expired, run vault login' >&2\nexit 1\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.AppendAllText(_aws.CredentialsFile, $"[tool]\ncredential_process = {script}\n");

        var outcome = await CreateRoleAsync("tool");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(
            "Error: Profile 'tool': its credential_process failed: Command returned non-zero exit value 1 with the error - vault: token expired, run vault login",
            outcome.Stderr.TrimEnd());
    }

    [Fact]
    public async Task ACredentialProcessRunningAssumeroleWithoutASourceProfile_NamedByAwsProfile_StopsAtOnce_InsteadOfStartingItselfForever()
    {
        // Between each assumerole and the next: were the loop not caught, this ends it 4 deep (saying so), so the test
        // can never fill the machine with processes.
        var guard = Path.Combine(_aws.Directory, "guard.sh");
        File.WriteAllText(guard, $"#!/bin/sh\nn=${{LOOP_DEPTH:-0}}\nif [ \"$n\" -ge 4 ]; then echo 'recursed 4 deep' >&2; exit 9; fi\nexport LOOP_DEPTH=$((n+1))\nexec {Fixtures.Executable.Path} \"$@\"\n");
        File.SetUnixFileMode(guard, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        const string role = "arn:aws:iam::210987654321:role/assume_role";
        File.AppendAllText(_aws.CredentialsFile, $"[loop]\ncredential_process = {guard} credentials --role-arn {role}\nregion = eu-west-1\n");

        var outcome = await ExecutableTests.RunAsync(
            _home, new Dictionary<string, string> { ["AWS_PROFILE"] = "loop", ["AWS_ENDPOINT_URL_STS"] = _aws.Aws.Url.ToString() }, "credentials", "--role-arn", role);

        Assert.Equal(1, outcome.ExitCode);
        Assert.DoesNotContain("recursed", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("Profile 'loop' is being resolved inside its own credential_process", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("--source-profile", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal(["source: profile 'loop' from AWS_PROFILE", "Error:"], outcome.Stderr.TrimEnd().Split('\n').Select(l => l.StartsWith("Error:", StringComparison.Ordinal) ? "Error:" : l));
        Assert.Empty(outcome.Stdout);
        Assert.Empty(_aws.Aws.Requests);
    }
}
