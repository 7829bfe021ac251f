using AssumeRoleCli.Aws.Credentials;

namespace AssumeRoleCli.Tests.Aws.Credentials;

/// <summary>
/// IAM Identity Center (SSO) profiles: the token 'aws sso login' cached (in the test's own sso/cache), exchanged at a
/// local stand-in for the portal's GetRoleCredentials.
/// </summary>
public sealed class SsoProfileTests
{
    private const string SessionProfile = """
        [profile dev]
        sso_session = corp
        sso_account_id = 111122223333
        sso_role_name = Developer
        region = eu-west-1

        [sso-session corp]
        sso_start_url = https://example.awsapps.com/start
        sso_region = us-east-1
        sso_registration_scopes = sso:account:access
        """;

    private const string LegacyProfile = """
        [profile legacy]
        sso_start_url = https://legacy.awsapps.com/start
        sso_region = us-east-1
        sso_account_id = 111122223333
        sso_role_name = Developer
        region = eu-west-1
        """;

    [Fact]
    public async Task AnSsoSessionProfile_WithACachedToken_GetsRoleCredentialsFromThePortal()
    {
        using var files = new ProfileFiles("", SessionProfile);
        files.CacheSsoToken("corp", "cached-access-token", DateTime.UtcNow.AddHours(8));

        var session = files.Resolver().Resolve("dev", null);
        var credentials = await session.Credentials.GetCredentialsAsync();

        var call = Assert.Single(files.Aws.Requests);
        Assert.Equal(("GET", "/federation/credentials"), (call.Method, call.Path));
        Assert.Equal(("Developer", "111122223333"), (call.Query["role_name"], call.Query["account_id"]));
        Assert.Equal("cached-access-token", call.SsoBearerToken);
        Assert.Equal((LocalAwsEndpoint.IssuedAccessKey, LocalAwsEndpoint.IssuedToken), (credentials.AccessKey, credentials.Token));
        Assert.Equal("eu-west-1", session.Region.SystemName);
    }

    [Fact]
    public async Task ALegacyStartUrlProfile_FindsItsTokenByTheStartUrl()
    {
        using var files = new ProfileFiles("", LegacyProfile);
        files.CacheSsoToken("https://legacy.awsapps.com/start", "legacy-access-token", DateTime.UtcNow.AddHours(8));

        var credentials = await files.Resolver().Resolve("legacy", null).Credentials.GetCredentialsAsync();

        Assert.Equal("legacy-access-token", Assert.Single(files.Aws.Requests).SsoBearerToken);
        Assert.Equal(LocalAwsEndpoint.IssuedAccessKey, credentials.AccessKey);
    }

    [Fact]
    public async Task NoCachedToken_SaysToRunAwsSsoLogin_WithoutCallingAws()
    {
        using var files = new ProfileFiles("", SessionProfile);

        var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => files.Resolver().Resolve("dev", null).Credentials.GetCredentialsAsync());

        Assert.Contains("run 'aws sso login --profile dev'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(files.Aws.Requests);
    }

    [Fact]
    public async Task AnExpiredTokenThatCannotBeRefreshed_SaysToRunAwsSsoLogin()
    {
        using var files = new ProfileFiles("", SessionProfile);
        files.CacheSsoToken("corp", "stale-access-token", DateTime.UtcNow.AddHours(-1));

        var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => files.Resolver().Resolve("dev", null).Credentials.GetCredentialsAsync());

        Assert.Contains("aws sso login --profile dev", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenThePortalNoLongerAccepts_SaysToRunAwsSsoLogin()
    {
        using var files = new ProfileFiles("", SessionProfile);
        files.CacheSsoToken("corp", "revoked-access-token", DateTime.UtcNow.AddHours(8));
        files.Aws.RejectSsoToken = true;

        var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => files.Resolver().Resolve("dev", null).Credentials.GetCredentialsAsync());

        Assert.Contains("aws sso login --profile dev", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked-access-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARoleProfileWhoseSourceIsAnSsoProfile_AssumesItsRoleWithTheSsoCredentials()
    {
        using var files = new ProfileFiles("", SessionProfile + "\n[profile admin]\nrole_arn = arn:aws:iam::444455556666:role/admin\nsource_profile = dev\nregion = us-east-1\n");
        files.CacheSsoToken("corp", "cached-access-token", DateTime.UtcNow.AddHours(8));

        await files.Resolver().Resolve("admin", null).Credentials.GetCredentialsAsync();

        var assumeRole = Assert.Single(files.Aws.Calls("AssumeRole"));
        Assert.Contains($"Credential={LocalAwsEndpoint.IssuedAccessKey}/", assumeRole.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void AnSsoProfileMissingItsRole_NamesWhatIsMissing()
    {
        using var files = new ProfileFiles("", SessionProfile.Replace("sso_role_name = Developer\n", "", StringComparison.Ordinal));

        var error = Assert.Throws<AwsConfigurationException>(() => files.Resolver().Resolve("dev", null));

        Assert.Contains("sso_role_name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AProfileNamingAnSsoSessionThatDoesNotExist_IsOneClearLine()
    {
        using var files = new ProfileFiles("", "[profile dev]\nsso_session = nowhere\nsso_account_id = 111122223333\nsso_role_name = Developer\nregion = eu-west-1\n");

        var error = Assert.Throws<AwsConfigurationException>(() => files.Resolver().Resolve("dev", null));

        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
    }
}
