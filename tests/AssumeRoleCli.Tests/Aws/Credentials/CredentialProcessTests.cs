using System.Runtime.Versioning;
using AssumeRoleCli.Aws.Credentials;

namespace AssumeRoleCli.Tests.Aws.Credentials;

/// <summary>credential_process profiles: the SDK runs the process; a failure is one line with the process's own words.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class CredentialProcessTests
{
    private static string Script(ProfileFiles files, string body)
    {
        var script = Path.Combine(files.Directory, "creds.sh");
        File.WriteAllText(script, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    [Fact]
    public async Task AProcessThatPrintsCredentials_GivesThem()
    {
        using var files = new ProfileFiles("");
        var script = Script(files, """echo '{"Version": 1, "AccessKeyId": "AKIAPROCESS000000000", "SecretAccessKey": "processsecret", "SessionToken": "processtoken"}'""");
        File.WriteAllText(files.CredentialsFile, $"[tool]\ncredential_process = {script}\n");

        var credentials = await files.Resolver().Resolve("tool", "us-east-1").Credentials.GetCredentialsAsync();

        Assert.Equal(("AKIAPROCESS000000000", "processtoken"), (credentials.AccessKey, credentials.Token));
    }

    [Fact]
    public async Task AProcessThatFails_IsOneLineWithTheProfileTheExitCodeAndItsMessage()
    {
        using var files = new ProfileFiles("");
        var script = Script(files, "echo 'token expired, run vault login' >&2\nexit 1");
        File.WriteAllText(files.CredentialsFile, $"[tool]\ncredential_process = {script}\n");

        var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => files.Resolver().Resolve("tool", "us-east-1").Credentials.GetCredentialsAsync());

        Assert.StartsWith("Profile 'tool': its credential_process failed:", error.Message, StringComparison.Ordinal);
        Assert.Contains("exit value 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("token expired, run vault login", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task AProcessThatPrintsExpiredCredentials_SaysTheyExpired_AndWhichProfile_NotThatTheNetworkFailed()
    {
        using var files = new ProfileFiles("");
        var script = Script(files, """echo '{"Version": 1, "AccessKeyId": "AKIAPROCESS000000000", "SecretAccessKey": "processsecret", "SessionToken": "t", "Expiration": "2020-01-02T03:04:05Z"}'""");
        File.WriteAllText(files.CredentialsFile, $"[tool]\ncredential_process = {script}\n");

        var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => files.Resolver().Resolve("tool", "us-east-1").Credentials.GetCredentialsAsync());

        Assert.Equal(
            "Profile 'tool': its credential_process gave credentials that expired at 2020-01-02T03:04:05Z; refresh what it reads them from (e.g. log in again), then rerun.",
            error.Message);
        Assert.DoesNotContain("processsecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProcessThatPrintsSomethingElse_SaysSoWithoutEchoingIt()
    {
        using var files = new ProfileFiles("");
        var script = Script(files, "echo 'SecretAccessKey=not-json-secret'");
        File.WriteAllText(files.CredentialsFile, $"[tool]\ncredential_process = {script}\n");

        var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => files.Resolver().Resolve("tool", "us-east-1").Credentials.GetCredentialsAsync());

        Assert.Contains("malformed JSON", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-json-secret", error.Message, StringComparison.Ordinal);
    }
}
