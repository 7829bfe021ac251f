using System.Web;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// console against moto, with a local stand-in for the federation endpoint (AWS_ENDPOINT_URL_SIGNIN in the environment
/// the command is given): the session it is handed must be the assumed role's, as moto itself says when asked with it.
/// </summary>
public sealed class ConsoleCommandTests : IClassFixture<MotoSandbox>, IDisposable
{
    private readonly MotoSandbox _sandbox;
    private readonly FederationStandIn _federation = new();

    public ConsoleCommandTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    public void Dispose() => _federation.Dispose();

    private CommandRunner Runner(TwoAccountWorld world, string? credentialsFile = null) => new(world, credentialsFile)
    {
        WithServices = services => services with { Environment = services.Environment with { SigninEndpoint = _federation.Url.ToString() } },
    };

    private static async Task<string> CreateRoleAsync(CommandRunner runner, params string[] options)
    {
        var created = await runner.RunAsync(["create-role", "--auto-approve", .. options]);
        Assert.True(created.ExitCode == 0, created.ToString());
        return created.Stdout.TrimEnd().Split('\n')[^1].Split('"')[1];
    }

    /// <summary>The login URL's parameters, after checking it is the stand-in's federation endpoint.</summary>
    private Dictionary<string, string> LoginParameters(string stdout)
    {
        var url = Assert.Single(stdout.TrimEnd().Split('\n'));
        Assert.StartsWith(_federation.Federation + "?", url, StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(new Uri(url).Query);
        return query.AllKeys.ToDictionary(key => key!, key => query[key]!, StringComparer.Ordinal);
    }

    /// <summary>Who moto says the session handed to the federation endpoint is (signed with its key, so the key is the role's).</summary>
    private static async Task<string> WhoIsAsync(TwoAccountWorld world, FederationRequest request)
    {
        using var sts = world.StsClient(new SessionAWSCredentials(request.SessionId, request.SessionKey, request.SessionToken));
        return (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn;
    }

    [Fact]
    public async Task HandsTheRolesSessionToTheFederationEndpoint_WithItsDuration_AndPrintsTheLoginUrl_ForTheServiceInTheRegion()
    {
        var world = _sandbox.LeaseWorld();
        var runner = Runner(world);
        await CreateRoleAsync(runner, "--max-session-duration", "7200");

        var outcome = await runner.RunAsync("console", "--service", "ec2", "--duration", "7200");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var request = Assert.Single(_federation.Requests);
        Assert.Equal(("GET", "/federation", "getSigninToken"), (request.Method, request.Path, request.Query.GetValueOrDefault("Action")));
        Assert.Equal(["sessionId", "sessionKey", "sessionToken"], request.Session!.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith($"arn:aws:sts::{world.DestinationAccountId}:assumed-role/assume_role/", await WhoIsAsync(world, request), StringComparison.Ordinal);

        // The source is an IAM user's long-term keys: not chained, so the console session is asked to last as the role's.
        Assert.Equal("7200", request.Query.GetValueOrDefault("SessionDuration"));
        var login = LoginParameters(outcome.Stdout);
        Assert.Equal("login", login["Action"]);
        Assert.Equal("assumerole", login["Issuer"]);
        Assert.Equal($"https://{world.Region}.console.aws.amazon.com/ec2/home?region={world.Region}", login["Destination"]);
        Assert.Equal(_federation.SigninToken, login["SigninToken"]);
        Assert.DoesNotContain(_federation.SigninToken, outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_TracesTheFederationCall_ButNeverItsQuery_TheToken_OrTheSessionKeys()
    {
        var world = _sandbox.LeaseWorld();
        var runner = Runner(world);
        await CreateRoleAsync(runner);

        var outcome = await runner.RunAsync("console", "--verbose");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var request = Assert.Single(_federation.Requests);
        var url = outcome.Stdout.TrimEnd();
        Assert.Contains("[debug] aws signin:getSigninToken status=200 ", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains($"identity=\"assume_role in {world.DestinationAccountId}\" key={request.SessionId[..4]}...{request.SessionId[^4..]}", outcome.Stderr, StringComparison.Ordinal);
        foreach (var secret in new[] { url, _federation.SigninToken, request.SessionId, request.SessionKey, request.SessionToken, "getSigninToken&", "Session=" })
        {
            Assert.DoesNotContain(secret, outcome.Stderr, StringComparison.Ordinal);
        }

        // stdout is the URL, and the URL carries the token, never the session's keys.
        foreach (var key in new[] { request.SessionId, request.SessionKey, request.SessionToken })
        {
            Assert.DoesNotContain(key, outcome.Stdout, StringComparison.Ordinal);
        }

        Assert.Equal($"https://{world.Region}.console.aws.amazon.com/console/home?region={world.Region}", LoginParameters(outcome.Stdout)["Destination"]);
    }

    [Fact]
    public async Task AChainedSession_ARoleAssumedByAnotherRolesSession_AsksForNoSessionDuration()
    {
        // hop lives in another world's account: moto checks a trust policy only within one account, and there it never
        // takes a role's session for the role, so a realistic trust of hop could not pass.
        var world = _sandbox.LeaseWorld();
        var hop = await CreateRoleAsync(Runner(_sandbox.LeaseWorld()), "--role-name", "hop", "--policy-name", "AdministratorAccess");
        var runner = Runner(world);
        var target = await CreateRoleAsync(runner);

        // A profile whose credentials are hop's session (the source user assumes hop): the session of target is chained.
        var directory = Directory.CreateDirectory(Path.Combine(world.Directory, $"chained-{Guid.NewGuid():N}")).FullName;
        var credentials = Path.Combine(directory, "credentials");
        File.Copy(world.CredentialsFile, credentials);
        File.WriteAllText(
            Path.Combine(directory, "config"),
            $"[profile source]\nregion = {world.Region}\n\n[profile hop]\nrole_arn = {hop}\nsource_profile = source\nregion = {world.Region}\n");

        var outcome = await Runner(world, credentials).RunAsync("console", "--source-profile", "hop", "--role-arn", target, "--state", runner.StatePath);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var request = Assert.Single(_federation.Requests);
        Assert.False(request.Query.ContainsKey("SessionDuration"), string.Join("&", request.Query.Keys));
        Assert.StartsWith($"arn:aws:sts::{world.DestinationAccountId}:assumed-role/assume_role/", await WhoIsAsync(world, request), StringComparison.Ordinal);
        Assert.Equal(_federation.SigninToken, LoginParameters(outcome.Stdout)["SigninToken"]);
    }
}
