using Amazon;
using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>One MFA code for many roles: GetSessionToken once, every AssumeRole with that session and no MFA of its own.</summary>
public sealed class MfaSourceSessionTests : IDisposable
{
    private const string Serial = "arn:aws:iam::111122223333:mfa/dev";
    private const string SourceSecret = "source-secret-never-shown";
    private static readonly CallerIdentity Caller = new("111122223333", "arn:aws:iam::111122223333:user/dev", "AIDA");

    private readonly string _directory = Directory.CreateTempSubdirectory("assumerole-mfa-session-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeClientFactory _clients = new();
    private readonly AutoAdvancingTime _clock = new();
    private readonly FakeSts _sts = new(Caller);
    private readonly List<string> _warnings = [];
    private int _prompts;

    public MfaSourceSessionTests()
    {
        _clients.StsByProfile["source"] = _sts;
        _sts.IssuedExpiration = _time.GetUtcNow().UtcDateTime.AddHours(1);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private SourceCredentials Source(AWSCredentials? credentials = null) => new(
        new AwsSession("source", credentials ?? new BasicAWSCredentials("AKIASOURCE0000000000", SourceSecret), RegionEndpoint.USEast1, Path.Combine(_directory, "credentials")),
        "profile 'source'",
        Note: null);

    /// <summary>A device that counts how often it is asked for a code (each ask is one prompt to a person).</summary>
    private AssumeRoleSettings WithMfa() => AssumeRoleSettings.Default with
    {
        Mfa = new MfaDevice(Serial, _ => Task.FromResult<string?>((100000 + Interlocked.Increment(ref _prompts)).ToString(System.Globalization.CultureInfo.InvariantCulture))),
    };

    private CliCredentialCache Cache() => new(Path.Combine(_directory, "cache"), _time, _warnings.Add);

    private static RoleArn RoleIn(int account) => RoleArn.For("aws", $"{account:000000000000}", "OrganizationAccountAccessRole");

    private async Task<IReadOnlyList<ReachedRole>> AssumeFiveAsync(RecordingProgress progress, CliCredentialCache? cache)
    {
        var many = await new MfaSourceSession(_clients, progress, cache, _time).ForManyRolesAsync(Source(), WithMfa(), CancellationToken.None);
        var reach = new RoleFromSource(_clients, _clock, TimeSpan.FromMinutes(2), progress, cache);
        var reached = new List<ReachedRole>();
        foreach (var account in Enumerable.Range(1, 5))
        {
            reached.Add(await reach.AssumeFromAsync(many.Source, many.Settings, RoleIn(account), StateDocument.Empty, _time.GetUtcNow(), CancellationToken.None));
        }

        return reached;
    }

    [Fact]
    public async Task FiveRolesInFiveAccounts_AskForOneCode_AndAssumeWithTheSessionWithoutMfaParameters()
    {
        var progress = new RecordingProgress(_clock);

        var reached = await AssumeFiveAsync(progress, Cache());

        Assert.Equal(1, _prompts);
        Assert.Equal((Serial, "100001", 3600), Assert.Single(_sts.SessionTokenRequests));
        Assert.Equal(5, _sts.Requests.Count);
        Assert.All(_sts.Requests, r => Assert.Null(r.Spec.Mfa));
        Assert.All(_sts.Requests, r => Assert.Null(r.TokenCode));
        Assert.Equal(Enumerable.Range(1, 5).Select(RoleIn), _sts.Requests.Select(r => r.Spec.Role));
        // Every role was assumed signed by the MFA session, not by the long-term keys.
        Assert.All(reached, r => Assert.Equal("ASIAFAKESESSION", r.Source.Credentials.GetCredentials().AccessKey));
        Assert.Empty(_warnings);
    }

    [Fact]
    public async Task AtATerminal_FiveAccountsPromptOnce_OnStderr_AndTheCodeIsNeverEchoed()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var codes = new AssumeRoleCli.Cli.MfaCodes(null, new AssumeRoleCli.Cli.Terminal(stdout, stderr, new StringReader("246810\n135790\n"), inputIsInteractive: true));
        var settings = AssumeRoleSettings.Default with { Mfa = codes.DeviceFor(Serial, "--mfa-serial") };
        var progress = new RecordingProgress(_clock);
        var many = await new MfaSourceSession(_clients, progress, Cache(), _time).ForManyRolesAsync(Source(), settings, CancellationToken.None);
        var reach = new RoleFromSource(_clients, _clock, TimeSpan.FromMinutes(2), progress, Cache());

        foreach (var account in Enumerable.Range(1, 5))
        {
            await reach.AssumeFromAsync(many.Source, many.Settings, RoleIn(account), StateDocument.Empty, _time.GetUtcNow(), CancellationToken.None);
        }

        Assert.Equal($"Enter MFA code for {Serial}: ", stderr.ToString());
        Assert.Equal("", stdout.ToString());
        Assert.Equal("246810", Assert.Single(_sts.SessionTokenRequests).TokenCode);
        Assert.Equal(5, _sts.AssumeRoleCalls);
        Assert.DoesNotContain("246810", string.Join('\n', progress.Lines.Concat(progress.Notes)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondRunWithinTheSessionsLife_UsesTheCachedSession_WithoutAPrompt()
    {
        await AssumeFiveAsync(new RecordingProgress(_clock), Cache());
        _time.Advance(TimeSpan.FromMinutes(30));

        var reached = await AssumeFiveAsync(new RecordingProgress(_clock), Cache());

        Assert.Equal(1, _prompts);
        Assert.Single(_sts.SessionTokenRequests);
        Assert.Equal(10, _sts.Requests.Count);
        Assert.All(reached, r => Assert.Equal("ASIAFAKESESSION", r.Source.Credentials.GetCredentials().AccessKey));
    }

    [Fact]
    public async Task ASessionWithin15MinutesOfItsEnd_IsNotReused_ANewCodeIsAsked()
    {
        await AssumeFiveAsync(new RecordingProgress(_clock), Cache());
        _time.Advance(TimeSpan.FromMinutes(46));
        _sts.IssuedExpiration = _time.GetUtcNow().UtcDateTime.AddHours(1);

        await AssumeFiveAsync(new RecordingProgress(_clock), Cache());

        Assert.Equal(2, _prompts);
        Assert.Equal(2, _sts.SessionTokenRequests.Count);
    }

    [Fact]
    public async Task WithoutACache_EveryRunAsksOnce()
    {
        await AssumeFiveAsync(new RecordingProgress(_clock), cache: null);
        await AssumeFiveAsync(new RecordingProgress(_clock), cache: null);

        Assert.Equal(2, _prompts);
        Assert.False(Directory.Exists(Path.Combine(_directory, "cache")));
    }

    [Fact]
    public async Task TheCachedSession_IsNotAnAssumeRoleEntry_AndIsKeyedByTheCallingKey()
    {
        var cache = Cache();
        await AssumeFiveAsync(new RecordingProgress(_clock), cache);

        var key = CliCredentialCache.SessionKeyOf("AKIASOURCE0000000000", Serial, 3600);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(_directory, "cache")));
        Assert.Equal(key + ".json", Path.GetFileName(file));
        Assert.NotEqual(key, CliCredentialCache.SessionKeyOf("AKIAOTHERUSER0000000", Serial, 3600));
        Assert.NotEqual(key, CliCredentialCache.SessionKeyOf("AKIASOURCE0000000000", Serial, 7200));
        Assert.Null(cache.TryRead(new AssumeRoleSpec(RoleIn(1), AssumeRoleSpec.DefaultSessionName, 3600, Mfa: WithMfa().Mfa)));
        Assert.Equal(0, cache.Forget(RoleIn(1)));
        Assert.NotNull(cache.TryReadSession(key));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task WithoutMfa_OrWithSessionCredentials_TheSourceAndSettingsStayAsGiven()
    {
        var sessions = new MfaSourceSession(_clients, new RecordingProgress(_clock), Cache(), _time);
        var plain = Source();
        var alreadySession = Source(new SessionAWSCredentials("ASIAVAULT", "vault-secret", "vault-token"));

        var noMfa = await sessions.ForManyRolesAsync(plain, AssumeRoleSettings.Default, CancellationToken.None);
        var fromSession = await sessions.ForManyRolesAsync(alreadySession, WithMfa(), CancellationToken.None);

        Assert.Same(plain, noMfa.Source);
        Assert.Null(noMfa.Settings.Mfa);
        Assert.Same(alreadySession, fromSession.Source);
        Assert.NotNull(fromSession.Settings.Mfa);
        Assert.Equal(0, _prompts);
        Assert.Empty(_sts.SessionTokenRequests);
    }

    [Fact]
    public async Task NoCodeToBeHad_FailsBeforeAnyAssumeRole()
    {
        var settings = AssumeRoleSettings.Default with { Mfa = new MfaDevice(Serial, _ => Task.FromResult<string?>(null)) };

        await Assert.ThrowsAsync<MfaCodeUnavailableException>(
            () => new MfaSourceSession(_clients, new RecordingProgress(_clock), Cache(), _time).ForManyRolesAsync(Source(), settings, CancellationToken.None));

        Assert.Empty(_sts.SessionTokenRequests);
        Assert.Equal(0, _sts.AssumeRoleCalls);
    }

    [Fact]
    public async Task NoSecretReachesTheProgressOrTheTextOfWhatItReturns()
    {
        var progress = new RecordingProgress(_clock);
        var many = await new MfaSourceSession(_clients, progress, Cache(), _time).ForManyRolesAsync(Source(), WithMfa(), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(55));

        // Near its end, the session is renewed with one more code, and says so.
        Assert.Equal("ASIAFAKESESSION", (await many.Source.Session.Credentials.GetCredentialsAsync()).AccessKey);

        Assert.Equal(2, _prompts);
        var said = string.Join('\n', progress.Lines.Concat(progress.Notes).Append(many.ToString()).Append(many.Source.Session.ToString()));
        Assert.Contains("MFA session of profile 'source'", said, StringComparison.Ordinal);
        foreach (var secret in new[] { SourceSecret, "fake-session-secret", "fake-session-token", "100001", "100002" })
        {
            Assert.DoesNotContain(secret, said, StringComparison.Ordinal);
        }
    }
}
