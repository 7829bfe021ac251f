using AssumeRoleCli.Aws.Calls;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Aws.Credentials;

public sealed class ProfileResolverTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("assumerole-profiles-").FullName;
    private readonly FakeClientFactory _clients = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ProfileResolver ResolverFor(string credentials, string config = "", string? awsRegion = null, string? defaultRegion = null)
    {
        var credentialsFile = Path.Combine(_directory, "credentials");
        File.WriteAllText(credentialsFile, credentials);
        File.WriteAllText(Path.Combine(_directory, "config"), config);
        return new ProfileResolver(AwsEnvironment.ForDirectory(credentialsFile) with { Region = awsRegion, DefaultRegion = defaultRegion }, _clients);
    }

    private const string TwoProfiles = """
        [source]
        aws_access_key_id = AKIASOURCE0000000000
        aws_secret_access_key = sourcesecret
        [destination]
        aws_access_key_id = AKIADEST000000000000
        aws_secret_access_key = destsecret
        aws_session_token = desttoken
        """;

    private const string Regions = """
        [profile source]
        region = eu-west-1
        [profile destination]
        region = us-west-2
        """;

    [Fact]
    public void Resolve_ReadsKeysAndTheProfileRegion()
    {
        var session = ResolverFor(TwoProfiles, Regions).Resolve("source", null);

        Assert.Equal("eu-west-1", session.Region.SystemName);
        Assert.Equal("AKIASOURCE0000000000", session.Credentials.GetCredentials().AccessKey);
        Assert.Equal("source", session.ProfileName);
    }

    [Fact]
    public void EachProfile_IsReadOncePerProcess_NotOncePerQuestion()
    {
        var resolver = ResolverFor(TwoProfiles, Regions);
        Assert.Equal("eu-west-1", resolver.Resolve("source", null).Region.SystemName);

        // Files changed under a running command are not read again: what was read first holds for the whole command.
        File.WriteAllText(Path.Combine(_directory, "credentials"), "");
        File.WriteAllText(Path.Combine(_directory, "config"), "");

        var again = resolver.Resolve("source", null);
        Assert.Equal("eu-west-1", again.Region.SystemName);
        Assert.Equal("AKIASOURCE0000000000", again.Credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public void Resolve_KeepsASessionToken()
    {
        var credentials = ResolverFor(TwoProfiles, Regions).Resolve("destination", null).Credentials.GetCredentials();

        Assert.Equal("desttoken", credentials.Token);
    }

    [Fact]
    public void Region_PrefersTheOptionThenAwsRegionThenAwsDefaultRegionThenTheProfile()
    {
        Assert.Equal("ap-south-1", ResolverFor(TwoProfiles, Regions, "ca-central-1", "sa-east-1").Resolve("source", "ap-south-1").Region.SystemName);
        Assert.Equal("ca-central-1", ResolverFor(TwoProfiles, Regions, "ca-central-1", "sa-east-1").Resolve("source", null).Region.SystemName);
        Assert.Equal("sa-east-1", ResolverFor(TwoProfiles, Regions, null, "sa-east-1").Resolve("source", null).Region.SystemName);
        Assert.Equal("eu-west-1", ResolverFor(TwoProfiles, Regions).Resolve("source", null).Region.SystemName);
    }

    [Fact]
    public void Region_NoneAnywhere_SaysHowToSetOne()
    {
        var error = Assert.Throws<AwsConfigurationException>(() => ResolverFor(TwoProfiles).Resolve("source", null));

        Assert.Contains("--region", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Region_Malformed_IsAUsageError()
    {
        var error = Assert.Throws<InvalidRegionNameException>(() => ResolverFor(TwoProfiles, Regions).Resolve("source", "mars"));

        Assert.Equal(ExitCodes.Usage, ErrorReport.Of(error, new AwsCallLog(), interrupted: false, seeHelp: "").ExitCode);
    }

    [Fact]
    public void Resolve_AnUnknownProfile_NamesItTheProfilesThatExistAndTheFilesRead()
    {
        var error = Assert.Throws<AwsConfigurationException>(() => ResolverFor(TwoProfiles, Regions).Resolve("prod", null));

        Assert.Contains("'prod'", error.Message, StringComparison.Ordinal);
        Assert.Contains("destination, source", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_directory, "credentials"), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TryResolve_AnAbsentProfile_IsNull()
    {
        Assert.Null(ResolverFor("[source]\naws_access_key_id = A\naws_secret_access_key = B\n", Regions).TryResolve("destination", null));
    }

    [Fact]
    public void Resolve_AMalformedCredentialsFile_IsOneClearLine()
    {
        var error = Assert.Throws<AwsConfigurationException>(() => ResolverFor("[source\naws_access_key_id = A\n", Regions).Resolve("source", null));

        Assert.Contains("Cannot read AWS profiles", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Resolve_AProfileChainLoop_IsOneClearError()
    {
        const string loop = """
            [a]
            role_arn = arn:aws:iam::111122223333:role/a
            source_profile = b
            [b]
            role_arn = arn:aws:iam::111122223333:role/b
            source_profile = a
            """;

        var error = Assert.Throws<AwsConfigurationException>(() => ResolverFor(loop, "[profile a]\nregion = us-east-1\n[profile b]\nregion = us-east-1\n").Resolve("a", null));

        Assert.Contains("loop", error.Message, StringComparison.Ordinal);
    }
}
