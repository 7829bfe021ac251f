using Amazon.Runtime;
using AssumeRoleCli.Aws.Credentials;

namespace AssumeRoleCli.Tests.Aws.Credentials;

/// <summary>Where the source identity comes from: --source-profile, the environment's keys, AWS_PROFILE, then 'source'.</summary>
public sealed class SourceResolutionTests : IDisposable
{
    private const string Profiles = """
        [source]
        aws_access_key_id = AKIASOURCE0000000000
        aws_secret_access_key = sourcesecret
        [dev]
        aws_access_key_id = AKIADEV0000000000000
        aws_secret_access_key = devsecret
        [destination]
        aws_access_key_id = AKIADEST000000000000
        aws_secret_access_key = destsecret
        """;

    private const string Config = """
        [default]
        region = ap-southeast-2
        [profile source]
        region = eu-west-1
        [profile dev]
        region = eu-central-1
        [profile destination]
        region = us-west-2
        """;

    private static readonly EnvironmentCredentials EnvironmentKeys = new("AKIAENVIRONMENT00000", "environment-secret", "environment-token");

    private readonly ProfileFiles _files = new(Profiles, Config);

    public void Dispose() => _files.Dispose();

    private ProfileResolver Resolver(EnvironmentCredentials? keys = null, string? awsProfile = null) =>
        _files.Resolver(environment => environment with { Credentials = keys, Profile = awsProfile });

    [Fact]
    public void EnvironmentCredentials_WithoutSourceProfile_AreTheSource_WithANote()
    {
        var source = Resolver(EnvironmentKeys).ResolveSource(null, null);
        var credentials = source.Session.Credentials.GetCredentials();

        Assert.Equal(("AKIAENVIRONMENT00000", "environment-secret", "environment-token"), (credentials.AccessKey, credentials.SecretKey, credentials.Token));
        Assert.Equal("source: credentials from the environment", source.Note);
        Assert.Equal("credentials from the environment", source.Description);
    }

    [Fact]
    public void EnvironmentCredentials_TakeTheRegionOfTheDefaultProfile_AfterTheRegionVariables()
    {
        Assert.Equal("ap-southeast-2", Resolver(EnvironmentKeys).ResolveSource(null, null).Session.Region.SystemName);
        Assert.Equal("eu-central-1", Resolver(EnvironmentKeys, awsProfile: "dev").ResolveSource(null, null).Session.Region.SystemName);
        Assert.Equal("sa-east-1", Resolver(EnvironmentKeys).ResolveSource(null, "sa-east-1").Session.Region.SystemName);
    }

    [Fact]
    public void SourceProfileOption_WinsOverEnvironmentCredentialsAndAwsProfile()
    {
        var source = Resolver(EnvironmentKeys, awsProfile: "dev").ResolveSource("source", null);

        Assert.Equal("AKIASOURCE0000000000", source.Session.Credentials.GetCredentials().AccessKey);
        Assert.Equal("source", source.Session.ProfileName);
        Assert.Null(source.Note);
    }

    [Fact]
    public void AwsProfile_WithoutEnvironmentCredentials_IsTheSource_WithANote()
    {
        var source = Resolver(awsProfile: "dev").ResolveSource(null, null);

        Assert.Equal("AKIADEV0000000000000", source.Session.Credentials.GetCredentials().AccessKey);
        Assert.Equal("eu-central-1", source.Session.Region.SystemName);
        Assert.Equal("source: profile 'dev' from AWS_PROFILE", source.Note);
    }

    [Fact]
    public void EnvironmentCredentials_WinOverAwsProfile_AsInTheAwsCli()
    {
        var source = Resolver(EnvironmentKeys, awsProfile: "dev").ResolveSource(null, null);

        Assert.Equal("AKIAENVIRONMENT00000", source.Session.Credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public void AnAwsProfileThatDoesNotExist_IsNamedWithWhereItCameFrom()
    {
        var error = Assert.Throws<AwsConfigurationException>(() => Resolver(awsProfile: "prod").ResolveSource(null, null));

        Assert.Contains("'prod' (named by AWS_PROFILE) was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingGiven_TheProfileSourceIsTheSource_WithoutANote()
    {
        var source = Resolver().ResolveSource(null, null);

        Assert.Equal("AKIASOURCE0000000000", source.Session.Credentials.GetCredentials().AccessKey);
        Assert.Equal("profile 'source'", source.Description);
        Assert.Null(source.Note);
    }

    [Fact]
    public void NoSourceAnywhere_SaysEveryWayToGiveOne()
    {
        using var empty = new ProfileFiles("[destination]\naws_access_key_id = A\naws_secret_access_key = B\n", "[profile destination]\nregion = us-east-1\n");

        var error = Assert.Throws<AwsConfigurationException>(() => empty.Resolver().ResolveSource(null, null));

        foreach (var way in new[] { "--source-profile", "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "'source'", "destination" })
        {
            Assert.Contains(way, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheDestination_NeverComesFromTheEnvironment()
    {
        using var withoutDestination = new ProfileFiles("[source]\naws_access_key_id = A\naws_secret_access_key = B\n", "[profile source]\nregion = us-east-1\n");
        var resolver = withoutDestination.Resolver(environment => environment with { Credentials = EnvironmentKeys, Profile = "source" });

        Assert.Null(resolver.TryResolve("destination", null));
        var error = Assert.Throws<AwsConfigurationException>(() => resolver.Resolve("destination", null));
        Assert.Contains("'destination' was not found", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AKIAONLYTHEKEY000000", null, "AWS_SECRET_ACCESS_KEY is not")]
    [InlineData(null, "only-the-secret", "AWS_ACCESS_KEY_ID is not")]
    public void HalfAKeyPairInTheEnvironment_IsRefusedWithoutPrintingIt(string? accessKey, string? secret, string expected)
    {
        var error = Assert.Throws<AwsConfigurationException>(() => Resolver(EnvironmentCredentials.FromVariables(accessKey, secret, null)).ResolveSource(null, null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("only-the-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HalfAKeyPairInTheEnvironment_IsTheErrorEvenWhenNoRegionIsSetEither()
    {
        using var noRegion = new ProfileFiles("", "");
        var resolver = noRegion.Resolver(environment => environment with { Credentials = EnvironmentCredentials.FromVariables("AKIAONLYTHEKEY000000", null, null) });

        var error = Assert.Throws<AwsConfigurationException>(() => resolver.ResolveSource(null, null));

        Assert.Equal("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both to use credentials from the environment, or unset both.", error.Message);
    }

    [Fact]
    public void EnvironmentCredentials_NeverPrintTheirSecrets()
    {
        var environment = _files.Environment with { Credentials = EnvironmentKeys };

        foreach (var text in new[] { EnvironmentKeys.ToString(), environment.ToString() })
        {
            Assert.DoesNotContain("environment-secret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("environment-token", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EnvironmentCredentials_WithoutASessionToken_AreBasicKeys()
    {
        var source = Resolver(new EnvironmentCredentials("AKIAENVIRONMENT00000", "environment-secret")).ResolveSource(null, null);

        Assert.IsType<BasicAWSCredentials>(source.Session.Credentials);
    }

    [Fact]
    public void EnvironmentCredentials_AreReportedAsSuch_NotAsTheProfileThatGivesTheirRegion()
    {
        var source = Resolver(EnvironmentKeys).ResolveSource(null, null);

        Assert.Equal("credentials from the environment", source.Session.Who);
        Assert.Equal("credentials from the environment", source.Session.InRegion(Amazon.RegionEndpoint.USWest1).Who);
        Assert.Equal("profile dev", Resolver().ResolveSource("dev", null).Session.Who);
    }

    [Theory]
    [InlineData(null, "nope", "'nope' (named by AWS_PROFILE) was not found")]
    [InlineData("nope", null, "'nope' was not found")]
    public async Task ANamedSourceThatDoesNotExist_IsAnError_EvenWhereTheDestinationCouldDoWithoutIt(string? option, string? awsProfile, string expected)
    {
        var resolver = Resolver(awsProfile: awsProfile);

        var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => AssumeRoleCli.Provisioning.AccountSessions.ResolveAsync(
            resolver, new AssumeRoleCli.Tests.Fakes.FakeClientFactory(), option, "destination", null, _ => Task.CompletedTask, CancellationToken.None,
            askSource: false, askDestination: false));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDefaultSourceMissing_IsNoError_WhereTheDestinationCanDoWithoutIt()
    {
        using var onlyDestination = new ProfileFiles("[destination]\naws_access_key_id = A\naws_secret_access_key = B\n", "[profile destination]\nregion = us-east-1\n");

        var sessions = await AssumeRoleCli.Provisioning.AccountSessions.ResolveAsync(
            onlyDestination.Resolver(e => e), new AssumeRoleCli.Tests.Fakes.FakeClientFactory(), null, "destination", null, _ => Task.CompletedTask, CancellationToken.None,
            askSource: false, askDestination: false);

        Assert.Null(sessions.Source.Session);
        Assert.NotNull(sessions.Destination.Session);
    }
}
