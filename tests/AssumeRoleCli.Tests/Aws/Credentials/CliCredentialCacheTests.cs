using System.Text.Json;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Aws.Credentials;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CliCredentialCacheTests : IDisposable
{
    private const string Serial = "arn:aws:iam::111111111111:mfa/alice";
    private static readonly RoleArn Role = RoleArn.For("aws", "222222222222", "assume_role");
    private static readonly CallerIdentity Source = new("111111111111", "arn:aws:iam::111111111111:user/alice", "AIDA");

    /// <summary>Who the source is, when RoleAssumer asks (it asks only after a refusal).</summary>
    private static Task<CallerIdentity> AskSource(CancellationToken ct) => Task.FromResult(Source);
    private readonly string _directory = Directory.CreateTempSubdirectory("assumerole-cache-").FullName;
    private readonly SettableTime _time = new(new DateTimeOffset(2026, 1, 2, 3, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static AssumeRoleSpec MfaSpec(string sessionName = AssumeRoleSpec.DefaultSessionName, int duration = AssumeRoleSpec.DefaultDurationSeconds, string? externalId = null) =>
        new(Role, sessionName, duration, externalId, new MfaDevice(Serial, _ => Task.FromResult<string?>("123456")));

    private CliCredentialCache Cache => new(Path.Combine(_directory, "cli", "cache"), _time);

    // Expected keys computed with botocore itself: AssumeRoleCredentialFetcher(role_arn=..., extra_args={...})._cache_key.
    [Fact]
    public void TheKey_IsBotocoresForTheSameAssumeRoleArguments()
    {
        Assert.Equal("5b652cb981d5c42b17663326505beeb0880db40f", CliCredentialCache.KeyOf(MfaSpec()));
        Assert.Equal("de426b791cfd195a0420aa318144589b667c3e79", CliCredentialCache.KeyOf(MfaSpec("ci", 7200, "ext-1")));
    }

    // botocore hashes every AssumeRole argument: extra_args={"SerialNumber": ..., "SourceIdentity": "alice@example.com"}.
    [Fact]
    public void TheKey_TellsSessionsOfAnotherSourceIdentityApart_AsBotocoresDoes()
    {
        var alice = MfaSpec() with { SourceIdentity = "alice@example.com" };

        Assert.Equal("016870e088375bc94106f8d32462b7d2201c5d11", CliCredentialCache.KeyOf(alice));
        Assert.NotEqual(CliCredentialCache.KeyOf(alice), CliCredentialCache.KeyOf(MfaSpec() with { SourceIdentity = "bob" }));
        Assert.NotEqual(CliCredentialCache.KeyOf(alice), CliCredentialCache.KeyOf(MfaSpec()));
    }

    [Fact]
    public void AWrittenFile_IsTheAwsCliFormat_OwnerOnly_AndReadBack()
    {
        var expiration = _time.GetUtcNow().UtcDateTime.AddHours(1);
        var assumed = new AssumedRole(new Amazon.Runtime.SessionAWSCredentials("ASIAK", "secret-k", "token-k"), expiration, "arn:aws:sts::222222222222:assumed-role/assume_role/s", "222222222222");

        Cache.Write(MfaSpec(), assumed);

        var path = Cache.PathOf(MfaSpec());
        Assert.Equal(Path.Combine(_directory, "cli", "cache", "5b652cb981d5c42b17663326505beeb0880db40f.json"), path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var credentials = json.RootElement.GetProperty("Credentials");
        Assert.Equal("ASIAK", credentials.GetProperty("AccessKeyId").GetString());
        Assert.Equal("secret-k", credentials.GetProperty("SecretAccessKey").GetString());
        Assert.Equal("token-k", credentials.GetProperty("SessionToken").GetString());
        Assert.Equal("2026-01-02T04:00:00UTC", credentials.GetProperty("Expiration").GetString());
        Assert.Equal(assumed.AssumedRoleArn, json.RootElement.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());
        Assert.True(json.RootElement.TryGetProperty("ResponseMetadata", out _));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));

        var read = Cache.TryRead(MfaSpec());
        Assert.NotNull(read);
        Assert.Equal(("ASIAK", "secret-k", "token-k"), (read.Credentials.GetCredentials().AccessKey, read.Credentials.GetCredentials().SecretKey, read.Credentials.GetCredentials().Token));
        Assert.Equal(expiration, read.Expiration);
        Assert.Equal("222222222222", read.Account);
    }

    [Fact]
    public void CredentialsWithinFifteenMinutesOfExpiry_AreNotUsed_AsBotocoresExpiryWindow()
    {
        // botocore's CachedCredentialFetcher.DEFAULT_EXPIRY_WINDOW_SECONDS: what is reused has a quarter hour left for waits and children.
        Cache.Write(MfaSpec(), Issued(TimeSpan.FromMinutes(20)));

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.NotNull(Cache.TryRead(MfaSpec()));
        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Null(Cache.TryRead(MfaSpec()));
    }

    [Fact]
    public void AFileTheAwsCliWrote_WithAnIsoExpiration_IsRead_AndAnotherRolesIsNot()
    {
        var path = Cache.PathOf(MfaSpec());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, """{"Credentials": {"AccessKeyId": "ASIACLI", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2026-01-02T05:00:00+00:00"}, "AssumedRoleUser": {"AssumedRoleId": "AROA:x", "Arn": "arn:aws:sts::222222222222:assumed-role/assume_role/x"}, "ResponseMetadata": {}}""");

        Assert.Equal("ASIACLI", Cache.TryRead(MfaSpec())?.Credentials.GetCredentials().AccessKey);
        Assert.Null(Cache.TryRead(MfaSpec(externalId: "other")));
    }

    private AssumedRole Issued(TimeSpan lifetime, string accessKey = "ASIAK") => new(
        new Amazon.Runtime.SessionAWSCredentials(accessKey, "secret-k", "token-k"),
        _time.GetUtcNow().UtcDateTime + lifetime,
        "arn:aws:sts::222222222222:assumed-role/assume_role/s",
        "222222222222");

    [Theory]
    [InlineData("")]
    [InlineData("relative/home")]
    public void WithNoUsableHome_SecretsAreNeverCachedRelativeToTheWorkingDirectory_AndAWarningSaysSo(string home)
    {
        var environment = AwsEnvironment.FromVariables(_ => null, home);
        Assert.Null(environment.CliCacheDirectory);

        var error = new StringWriter();
        var services = new CliServices(new Terminal(TextWriter.Null, error, new StringReader(""), false), environment, new FakeClientFactory(), _time, TimeSpan.Zero);
        var cache = services.CredentialCache(AssumeRoleSettings.Default);
        Assert.NotNull(cache);
        cache.Write(MfaSpec(), Issued(TimeSpan.FromHours(1)));

        Assert.Null(cache.TryRead(MfaSpec()));
        Assert.Equal(
            "Warning: the MFA session is not cached (no home directory to keep ~/.aws/cli/cache in: HOME is unset or not an absolute path); the next command asks for a code again." + Environment.NewLine,
            error.ToString());
    }

    [Fact]
    public void ACacheThatCannotBeWritten_IsAWarning_NotAFailure()
    {
        // A file where the cache folder should be (root ignores read-only modes, so this is the case every test run can make).
        File.WriteAllText(Path.Combine(_directory, "cli"), "not a folder");
        var error = new StringWriter();
        var environment = AwsEnvironment.ForDirectory(Path.Combine(_directory, "credentials"));
        var services = new CliServices(new Terminal(TextWriter.Null, error, new StringReader(""), false), environment, new FakeClientFactory(), _time, TimeSpan.Zero);
        var cache = services.CredentialCache(AssumeRoleSettings.Default)!;

        cache.Write(MfaSpec(), Issued(TimeSpan.FromHours(1)));

        var warning = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Warning: could not cache the MFA session in {Path.Combine(_directory, "cli", "cache")} (", warning, StringComparison.Ordinal);
        Assert.EndsWith("); the next command asks for a code again.", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-k", warning, StringComparison.Ordinal);
        Assert.Null(cache.TryRead(MfaSpec()));
    }

    [Fact]
    public async Task RoleAssumer_WithMfa_AsksStsOnce_ThenReusesTheCache_WithoutAskingForACode()
    {
        var sts = new FakeSts(Source) { IssuedExpiration = _time.GetUtcNow().UtcDateTime.AddHours(1) };
        var codesAsked = 0;
        var spec = new AssumeRoleSpec(Role, AssumeRoleSpec.DefaultSessionName, 3600, Mfa: new MfaDevice(Serial, _ => Task.FromResult<string?>($"00000{++codesAsked}")));
        RoleAssumer Assumer() => new(sts, _time, TimeSpan.Zero, new RecordingProgress(), Cache);

        var first = await Assumer().AssumeAsync(spec, AskSource, CancellationToken.None);
        var second = await Assumer().AssumeAsync(spec, AskSource, CancellationToken.None);

        Assert.Equal(1, sts.AssumeRoleCalls);
        Assert.Equal(1, codesAsked);
        Assert.Equal(first.Credentials.GetCredentials().AccessKey, second.Credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public async Task ACachedSessionAwsRefuses_IsSaidToComeFromTheCache_Dropped_AndReplacedOnce_WithAFreshOne()
    {
        // E.g. the role was deleted and made again by other means: the cached session's token is no longer valid.
        Cache.Write(MfaSpec(), Issued(TimeSpan.FromHours(1), accessKey: "ASIASTALE"));
        var sts = new FakeSts(Source) { IssuedExpiration = _time.GetUtcNow().UtcDateTime.AddHours(1) };
        var progress = new RecordingProgress();
        var assumer = new RoleAssumer(sts, _time, TimeSpan.Zero, progress, Cache);
        var assumed = await assumer.AssumeAsync(MfaSpec(), AskSource, CancellationToken.None);
        var used = new List<string>();

        async Task<string> DescribeSomethingAsync()
        {
            var keys = await assumed.Credentials.GetCredentialsAsync();
            used.Add(keys.AccessKey);
            return keys.AccessKey == "ASIASTALE"
                ? throw new Amazon.Runtime.AmazonServiceException("The security token included in the request is invalid.") { ErrorCode = "InvalidClientTokenId" }
                : keys.AccessKey;
        }

        // Two reads at once (as launch-instance makes them) are both refused: one fresh AssumeRole serves both.
        var reads = await Task.WhenAll(
            assumer.RetryWhilePropagatingAsync(Role, roleIsNew: false, DescribeSomethingAsync, CancellationToken.None),
            assumer.RetryWhilePropagatingAsync(Role, roleIsNew: false, DescribeSomethingAsync, CancellationToken.None));

        Assert.Equal(["ASIAFAKE", "ASIAFAKE"], reads);
        Assert.Equal(1, sts.AssumeRoleCalls);
        Assert.Equal("ASIAFAKE", Cache.TryRead(MfaSpec())?.Credentials.GetCredentials().AccessKey);
        var note = Assert.Single(progress.Notes);
        Assert.Equal(
            $"The cached MFA session for {Role} ({Cache.PathOf(MfaSpec())}) was refused (AWS said InvalidClientTokenId: The security token included in the request is invalid.); removed it, assuming the role again.",
            note);
    }

    [Fact]
    public async Task ACachedSessionThatWouldExpireDuringAWait_IsAssumedAgain_WithinBotocoresMandatoryWindow()
    {
        Cache.Write(MfaSpec(), Issued(TimeSpan.FromMinutes(20), accessKey: "ASIACACHED"));
        var sts = new FakeSts(Source) { IssuedExpiration = _time.GetUtcNow().UtcDateTime.AddMinutes(80) };
        var progress = new RecordingProgress();
        var assumed = await new RoleAssumer(sts, _time, TimeSpan.Zero, progress, Cache).AssumeAsync(MfaSpec(), AskSource, CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(9)); // 11 minutes left: still used
        Assert.Equal("ASIACACHED", (await assumed.Credentials.GetCredentialsAsync()).AccessKey);
        _time.Advance(TimeSpan.FromMinutes(2)); // 9 minutes left, e.g. while waiting for instances: assumed again, once
        var during = await Task.WhenAll(assumed.Credentials.GetCredentialsAsync(), assumed.Credentials.GetCredentialsAsync());

        Assert.Equal(["ASIAFAKE", "ASIAFAKE"], during.Select(c => c.AccessKey));
        Assert.Equal(1, sts.AssumeRoleCalls);
        Assert.Equal("ASIAFAKE", Cache.TryRead(MfaSpec())?.Credentials.GetCredentials().AccessKey);
        Assert.Equal($"The cached MFA session for {Role} expires in less than 10 minutes; assuming the role again.", Assert.Single(progress.Notes));
    }

    [Fact]
    public async Task FreshCredentialsAwsRefuses_AreNotRetried()
    {
        var sts = new FakeSts(Source) { IssuedExpiration = _time.GetUtcNow().UtcDateTime.AddHours(1) };
        var assumer = new RoleAssumer(sts, _time, TimeSpan.Zero, new RecordingProgress(), Cache);
        await assumer.AssumeAsync(MfaSpec(), AskSource, CancellationToken.None);
        var calls = 0;

        await Assert.ThrowsAsync<Amazon.Runtime.AmazonServiceException>(() => assumer.RetryWhilePropagatingAsync<string>(
            Role, roleIsNew: false, () => { calls++; throw new Amazon.Runtime.AmazonServiceException("invalid") { ErrorCode = "InvalidClientTokenId" }; }, CancellationToken.None));

        Assert.Equal((1, 1), (calls, sts.AssumeRoleCalls));
    }

    [Fact]
    public async Task RoleAssumer_WithoutMfa_NeverWritesTheCache()
    {
        var sts = new FakeSts(Source) { IssuedExpiration = _time.GetUtcNow().UtcDateTime.AddHours(1) };

        await new RoleAssumer(sts, _time, TimeSpan.Zero, new RecordingProgress(), Cache).AssumeAsync(new AssumeRoleSpec(Role, "s", 3600), AskSource, CancellationToken.None);

        Assert.False(Directory.Exists(Path.Combine(_directory, "cli")));
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class SettableTime(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
