using System.Web;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// console with STS in memory and the federation endpoint a local stand-in: what it asks the endpoint for each kind of
/// source, each partition's console, and every way it can fail (one line on stderr, exit non-zero, no secret anywhere).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConsoleFailureTests : IDisposable
{
    private const string RoleArn = "arn:aws:iam::444455556666:role/assume_role";
    private static readonly CallerIdentity User = new("111122223333", "arn:aws:iam::111122223333:user/dev", "AIDA");

    private readonly string _directory = Directory.CreateTempSubdirectory("assumerole-console-").FullName;
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();
    private readonly FakeClientFactory _clients = new();

    public ConsoleFailureTests()
    {
        Source = new FakeSts(User);
        _clients.StsByProfile["source"] = Source;
        WriteSource(sessionToken: null);
    }

    private FakeSts Source { get; set; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void WriteSource(string? sessionToken)
    {
        var credentials = Path.Combine(_directory, "credentials");
        var token = sessionToken is null ? "" : $"aws_session_token = {sessionToken}\n";
        File.WriteAllText(credentials, $"[source]\naws_access_key_id = AKIASOURCE0000000000\naws_secret_access_key = source-secret\n{token}");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(Path.Combine(_directory, "config"), "");
    }

    private async Task<int> RunAsync(string? signinEndpoint, TimeSpan? timeout, params string[] args)
    {
        var services = new CliServices(
            new Terminal(_stdout, _stderr, new StringReader(""), false),
            AwsEnvironment.ForDirectory(Path.Combine(_directory, "credentials"), region: "us-east-1") with { SigninEndpoint = signinEndpoint },
            _clients,
            TimeProvider.System,
            CliServices.DefaultRolePropagationGrace)
        {
            SigninTimeout = timeout ?? TimeSpan.FromSeconds(30),
        };

        // Wall time only as a guard against a hang; nothing asserts on it.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await CliApp.RunAsync(["console", "--state", Path.Combine(_directory, "state.json"), .. args], services, guard.Token);
    }

    private void AssertOneLineAndNoSecret(string expected)
    {
        Assert.Equal("", _stdout.ToString());
        var line = Assert.Single(_stderr.ToString().TrimEnd().Split('\n'));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        foreach (var secret in new[] { "fake-secret", "fake-token", "source-secret", "Session=", "sessionKey" })
        {
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ec2/../iam")]
    [InlineData("https://example.com")]
    [InlineData("EC2")]
    [InlineData("ec2?x=1")]
    [InlineData("")]
    public async Task ABadService_IsAUsageError_BeforeAnyCall(string service)
    {
        using var federation = new FederationStandIn();

        var exit = await RunAsync(federation.Url.ToString(), null, "--role-arn", RoleArn, "--service", service);

        Assert.Equal(ExitCodes.Usage, exit);
        AssertOneLineAndNoSecret($"--service '{service}' is not a console service name");
        Assert.Equal(0, Source.AssumeRoleCalls);
        Assert.Empty(federation.Requests);
    }

    [Fact]
    public async Task AnEndpointThatRefuses_IsOneLine_ExitOne()
    {
        using var federation = new FederationStandIn(FederationAnswer.ServerError);

        var exit = await RunAsync(federation.Url.ToString(), null, "--role-arn", RoleArn);

        Assert.Equal(ExitCodes.Failure, exit);
        AssertOneLineAndNoSecret($"The federation endpoint {federation.Url.Authority} refused getSigninToken: HTTP 500");
        Assert.Single(federation.Requests);
    }

    [Fact]
    public async Task AnEndpointThatNeverAnswers_IsOneLine_AfterTheTimeout()
    {
        using var federation = new FederationStandIn(FederationAnswer.Silence);

        var exit = await RunAsync(federation.Url.ToString(), TimeSpan.FromSeconds(1), "--role-arn", RoleArn);

        Assert.Equal(ExitCodes.Failure, exit);
        AssertOneLineAndNoSecret($"The federation endpoint {federation.Url.Authority} did not answer getSigninToken within 1 s");
    }

    [Fact]
    public async Task AnEndpointNobodyListensOn_IsOneLine()
    {
        string url;
        using (var gone = new FederationStandIn())
        {
            url = gone.Url.ToString();
        }

        var exit = await RunAsync(url, null, "--role-arn", RoleArn);

        Assert.Equal(ExitCodes.Failure, exit);
        AssertOneLineAndNoSecret($"Could not reach the federation endpoint {new Uri(url).Authority}");
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/")]
    public async Task ABadSigninEndpointOverride_IsOneLine_BeforeTheRoleIsAssumed(string value)
    {
        var exit = await RunAsync(value, null, "--role-arn", RoleArn);

        Assert.Equal(ExitCodes.Failure, exit);
        AssertOneLineAndNoSecret($"AWS_ENDPOINT_URL_SIGNIN '{value}' is not an http(s) base URL");
        Assert.Equal(0, Source.AssumeRoleCalls);
    }

    [Fact]
    public async Task APartitionWithoutAKnownConsole_IsOneLine()
    {
        using var federation = new FederationStandIn();

        var exit = await RunAsync(federation.Url.ToString(), null, "--role-arn", "arn:aws-iso:iam::444455556666:role/assume_role", "--region", "us-iso-east-1");

        Assert.Equal(ExitCodes.Failure, exit);
        AssertOneLineAndNoSecret("The AWS console sign-in is not known for partition 'aws-iso'");
        Assert.Empty(federation.Requests);
    }

    [Theory]
    [InlineData("arn:aws-us-gov:iam::444455556666:role/assume_role", "us-gov-west-1", "https://us-gov-west-1.console.amazonaws-us-gov.com/s3/home?region=us-gov-west-1")]
    [InlineData("arn:aws-cn:iam::444455556666:role/assume_role", "cn-north-1", "https://cn-north-1.console.amazonaws.cn/s3/home?region=cn-north-1")]
    [InlineData(RoleArn, "eu-west-1", "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1")]
    public async Task TheDestination_IsThePartitionsConsole_InTheRegion(string role, string region, string destination)
    {
        using var federation = new FederationStandIn();

        var exit = await RunAsync(federation.Url.ToString(), null, "--role-arn", role, "--region", region, "--service", "s3");

        Assert.True(exit == 0, _stderr.ToString());
        var query = HttpUtility.ParseQueryString(new Uri(_stdout.ToString().TrimEnd()).Query);
        Assert.Equal(destination, query["Destination"]);
        Assert.Equal(federation.SigninToken, query["SigninToken"]);
    }

    /// <summary>
    /// Long-term keys are an IAM user's: never a chained session, and nobody is asked. Keys with a session token are asked
    /// about: an IAM user's session (GetSessionToken) is not chained, a role's session is.
    /// </summary>
    [Theory]
    [InlineData(null, null, 0, "3600")]
    [InlineData("a-user-session-token", "arn:aws:iam::111122223333:user/dev", 1, "3600")]
    [InlineData("a-role-session-token", "arn:aws:sts::111122223333:assumed-role/hop/dev", 1, null)]
    public async Task SessionDuration_IsAskedFor_OnlyWhenTheSourceIsNotARoleSession(string? sessionToken, string? sourceArn, int callerIdentityCalls, string? sessionDuration)
    {
        WriteSource(sessionToken);
        Source = new FakeSts(sourceArn is null ? User : User with { Arn = sourceArn });
        _clients.StsByProfile["source"] = Source;
        using var federation = new FederationStandIn();

        var exit = await RunAsync(federation.Url.ToString(), null, "--role-arn", RoleArn);

        Assert.True(exit == 0, _stderr.ToString());
        var request = Assert.Single(federation.Requests);
        Assert.Equal(sessionDuration, request.Query.GetValueOrDefault("SessionDuration"));
        Assert.Equal(callerIdentityCalls, Source.GetCallerIdentityCalls);
        Assert.Equal(("ASIAFAKE", "fake-secret", "fake-token"), (request.SessionId, request.SessionKey, request.SessionToken));
    }
}
