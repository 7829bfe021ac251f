using System.Runtime.Versioning;
using System.Web;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests;

/// <summary>
/// console through the built executable against moto, the federation endpoint a local stand-in named by
/// AWS_ENDPOINT_URL_SIGNIN, and --open with a fake opener as all there is on PATH (the executable started directly:
/// it needs nothing from PATH, unlike the python3 that starts it for the other tests).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ConsoleExecutableTests : IClassFixture<MotoSandbox>, IDisposable
{
    private static readonly string OpenerName = OperatingSystem.IsMacOS() ? "open" : "xdg-open";
    private readonly MotoSandbox _sandbox;
    private readonly FederationStandIn _federation = new();

    public ConsoleExecutableTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    public void Dispose() => _federation.Dispose();

    private Dictionary<string, string> Environment(TwoAccountWorld world) => new()
    {
        ["AWS_SHARED_CREDENTIALS_FILE"] = world.CredentialsFile,
        ["AWS_CONFIG_FILE"] = world.ConfigFile,
        ["AWS_ENDPOINT_URL"] = world.EndpointUrl,
        ["AWS_ENDPOINT_URL_SIGNIN"] = _federation.Url.ToString(),
    };

    private static async Task<string> CreateRoleAsync(TwoAccountWorld world)
    {
        var admin = new CommandRunner(world);
        var created = await admin.RunAsync("create-role", "--auto-approve");
        Assert.True(created.ExitCode == 0, created.ToString());
        return admin.StatePath;
    }

    /// <summary>A folder holding only a fake opener running <paramref name="script"/>, for PATH.</summary>
    private static string FakeOpener(string directory, string script)
    {
        var bin = Directory.CreateDirectory(Path.Combine(directory, $"bin-{Guid.NewGuid():N}")).FullName;
        var opener = Path.Combine(bin, OpenerName);
        File.WriteAllText(opener, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(opener, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin;
    }

    private void AssertNoSecretIn(string text, FederationRequest request)
    {
        foreach (var secret in new[] { _federation.SigninToken, request.SessionId, request.SessionKey, request.SessionToken })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PrintsTheLoginUrl_OnStdoutOnly()
    {
        var world = _sandbox.LeaseWorld();
        var state = await CreateRoleAsync(world);

        var outcome = await ExecutableTests.RunAsync(world.Directory, Environment(world), "console", "--state", state, "--service", "cloudformation");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var request = Assert.Single(_federation.Requests);
        Assert.Equal("3600", request.Query["SessionDuration"]);
        var url = new Uri(outcome.Stdout.TrimEnd());
        Assert.Equal(_federation.Federation, url.GetLeftPart(UriPartial.Path));
        var login = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(
            ("login", "assumerole", $"https://{world.Region}.console.aws.amazon.com/cloudformation/home?region={world.Region}", _federation.SigninToken),
            (login["Action"]!, login["Issuer"]!, login["Destination"]!, login["SigninToken"]!));
        AssertNoSecretIn(outcome.Stderr, request);
    }

    [Fact]
    public async Task Open_HandsTheUrlToThePlatformsOpener_AndPrintsItNowhere()
    {
        var world = _sandbox.LeaseWorld();
        var state = await CreateRoleAsync(world);
        var handed = Path.Combine(world.Directory, $"opened-{Guid.NewGuid():N}");
        var environment = Environment(world);
        environment["PATH"] = FakeOpener(world.Directory, $"printf '%s\\n' \"$@\" > '{handed}'");

        var outcome = await Executable.RunAsync(world.Directory, environment, "console", "--state", state, "--open");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var url = Assert.Single(File.ReadAllLines(handed));
        Assert.Equal(_federation.SigninToken, HttpUtility.ParseQueryString(new Uri(url).Query)["SigninToken"]);
        Assert.Equal("", outcome.Stdout);
        Assert.Contains($"with {OpenerName}", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(url, outcome.Stderr, StringComparison.Ordinal);
        AssertNoSecretIn(outcome.Stderr, Assert.Single(_federation.Requests));
    }

    [Fact]
    public async Task Open_AnOpenerThatFails_IsOneLine_AndWhatItSaysIsNotOurs()
    {
        var world = _sandbox.LeaseWorld();
        var state = await CreateRoleAsync(world);
        var environment = Environment(world);

        // As xdg-open's own errors do, it repeats the URL.
        environment["PATH"] = FakeOpener(world.Directory, "echo \"xdg-open: no method available for opening '$1'\" >&2; exit 3");

        var outcome = await Executable.RunAsync(world.Directory, environment, "console", "--state", state, "--open");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
        var line = Assert.Single(outcome.Stderr.TrimEnd().Split('\n'));
        Assert.Equal($"Error: '{OpenerName}' could not open a browser (it exited with 3): run without --open to print the URL.", line);
        AssertNoSecretIn(outcome.Stderr, Assert.Single(_federation.Requests));
    }

    [Fact]
    public async Task Open_WithoutAnOpenerOnPath_IsOneLine_BeforeAnyAwsCall()
    {
        var directory = Directory.CreateTempSubdirectory("assumerole-no-opener-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["PATH"] = Directory.CreateDirectory(Path.Combine(directory, "empty-bin")).FullName,
                ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(directory, "no-credentials"),
                ["AWS_ENDPOINT_URL_SIGNIN"] = _federation.Url.ToString(),
            };

            var outcome = await Executable.RunAsync(directory, environment, "console", "--role-arn", "arn:aws:iam::444455556666:role/assume_role", "--region", "us-east-1", "--open");

            Assert.Equal(1, outcome.ExitCode);
            Assert.Equal("", outcome.Stdout);
            Assert.Equal(
                $"Error: --open needs '{OpenerName}' on PATH to open a browser, and there is none: install it (xdg-utils), or run without --open to print the URL.",
                Assert.Single(outcome.Stderr.TrimEnd().Split('\n')));
            Assert.Empty(_federation.Requests);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
