using System.Runtime.Versioning;
using AssumeRoleCli.Tests.Aws;
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
        Assert.Empty(_aws.Aws.Requests);
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
}
