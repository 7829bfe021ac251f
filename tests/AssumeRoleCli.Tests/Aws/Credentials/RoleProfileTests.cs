using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;

namespace AssumeRoleCli.Tests.Aws.Credentials;

/// <summary>Profiles that assume a role, checked on the wire: the AssumeRole request a local STS stand-in receives.</summary>
public sealed class RoleProfileTests
{
    private const string Source = """
        [source]
        aws_access_key_id = AKIASOURCE0000000000
        aws_secret_access_key = sourcesecret

        """;

    private static async Task<(ImmutableCredentials Credentials, SeenRequest AssumeRole)> AssumeAsync(ProfileFiles files, string profile, ProfileResolver? resolver = null)
    {
        var session = (resolver ?? files.Resolver()).Resolve(profile, "us-east-1");
        var credentials = await session.Credentials.GetCredentialsAsync();
        return (credentials, Assert.Single(files.Aws.Calls("AssumeRole")));
    }

    private static string SignedBy(SeenRequest request) =>
        request.Authorization?.Split("Credential=")[1].Split('/')[0] ?? "unsigned";

    [Fact]
    public async Task ARoleProfile_AssumesItsRole_SignedByItsSourceProfile()
    {
        using var files = new ProfileFiles(Source + "[admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = source\n");

        var (credentials, assumeRole) = await AssumeAsync(files, "admin");

        Assert.Equal(LocalAwsEndpoint.IssuedAccessKey, credentials.AccessKey);
        Assert.Equal(LocalAwsEndpoint.IssuedToken, credentials.Token);
        Assert.Equal("arn:aws:iam::111122223333:role/admin", assumeRole.Form["RoleArn"]);
        Assert.Equal("assumerole-admin", assumeRole.Form["RoleSessionName"]);
        Assert.Equal("AKIASOURCE0000000000", SignedBy(assumeRole));
        Assert.False(assumeRole.Form.ContainsKey("DurationSeconds"));
    }

    [Theory]
    [InlineData("team/admin:prod", "assumerole-team-admin-prod")]
    [InlineData("ops-a-profile-name-that-goes-on-and-on-well-past-what-sts-takes", "assumerole-ops-a-profile-name-that-goes-on-and-on-well-past-what")]
    public async Task WithoutRoleSessionName_TheSessionNameFromTheProfileIsOneStsAccepts(string profile, string sessionName)
    {
        using var files = new ProfileFiles(Source + $"[{profile}]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = source\n");

        var (_, assumeRole) = await AssumeAsync(files, profile);

        Assert.Equal(sessionName, assumeRole.Form["RoleSessionName"]);
        Assert.True(AwsNames.IsValidSessionName(sessionName));
    }

    [Fact]
    public void ARoleProfile_WithNeitherSourceProfileNorCredentialSource_IsRefused_AsBotocoreDoes()
    {
        // Its other keys (here static keys) must not stand in for the role: the AWS CLI refuses the profile.
        using var files = new ProfileFiles("[half]\naws_access_key_id = AKIAHALF000000000000\naws_secret_access_key = halfsecret\nrole_arn = arn:aws:iam::111122223333:role/admin\n");

        var error = Assert.Throws<AwsConfigurationException>(() => files.Resolver().Resolve("half", "us-east-1"));

        Assert.Equal(
            $"Profile 'half' has role_arn but neither source_profile nor credential_source in {files.Resolver().FilesRead}: add one of them (the AWS CLI refuses this profile too).",
            error.Message);
        Assert.Empty(files.Aws.Requests);
    }

    [Fact]
    public void ARoleProfile_WithBothSourceProfileAndCredentialSource_IsRefused_AsBotocoreDoes()
    {
        using var files = new ProfileFiles(Source + "[both]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = source\ncredential_source = Environment\n");

        var error = Assert.Throws<AwsConfigurationException>(() => files.Resolver().Resolve("both", "us-east-1"));

        Assert.StartsWith("Profile 'both' has both source_profile and credential_source", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExternalIdDurationAndSessionName_AreSentWithAssumeRole()
    {
        using var files = new ProfileFiles(
            Source + "[partner]\nrole_arn = arn:aws:iam::111122223333:role/partner\nsource_profile = source\nexternal_id = shared-external-id\n",
            "[profile partner]\nduration_seconds = 1800\nrole_session_name = alice\n");

        var (_, assumeRole) = await AssumeAsync(files, "partner");

        Assert.Equal("shared-external-id", assumeRole.Form["ExternalId"]);
        Assert.Equal("1800", assumeRole.Form["DurationSeconds"]);
        Assert.Equal("alice", assumeRole.Form["RoleSessionName"]);
    }

    [Theory]
    [InlineData("an hour")]
    [InlineData("60")]
    public void ADurationSTSWouldRefuse_IsOneClearLine(string duration)
    {
        using var files = new ProfileFiles(Source + $"[admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = source\nduration_seconds = {duration}\n");

        var error = Assert.Throws<AwsConfigurationException>(() => files.Resolver().Resolve("admin", "us-east-1"));

        Assert.Contains($"duration_seconds = {duration}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialSourceEnvironment_AssumesTheRoleWithTheEnvironmentsKeys()
    {
        using var files = new ProfileFiles("[ci]\nrole_arn = arn:aws:iam::111122223333:role/ci\ncredential_source = Environment\n");
        var resolver = files.Resolver(environment => environment with { Credentials = new("AKIAENVIRONMENT00000", "environment-secret") });

        var (credentials, assumeRole) = await AssumeAsync(files, "ci", resolver);

        Assert.Equal(LocalAwsEndpoint.IssuedAccessKey, credentials.AccessKey);
        Assert.Equal("AKIAENVIRONMENT00000", SignedBy(assumeRole));
    }

    [Fact]
    public void CredentialSourceEnvironment_WithoutKeysInTheEnvironment_SaysSo()
    {
        using var files = new ProfileFiles("[ci]\nrole_arn = arn:aws:iam::111122223333:role/ci\ncredential_source = Environment\n");

        var error = Assert.Throws<AwsConfigurationException>(() => files.Resolver().Resolve("ci", "us-east-1"));

        Assert.Contains("credential_source = Environment", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProfileThatIsItsOwnSource_AssumesItsRoleWithItsOwnKeys()
    {
        using var files = new ProfileFiles("""
            [self]
            aws_access_key_id = AKIASELF000000000000
            aws_secret_access_key = selfsecret
            role_arn = arn:aws:iam::111122223333:role/admin
            source_profile = self
            """);

        var (credentials, assumeRole) = await AssumeAsync(files, "self");

        Assert.Equal(LocalAwsEndpoint.IssuedAccessKey, credentials.AccessKey);
        Assert.Equal("AKIASELF000000000000", SignedBy(assumeRole));
    }

    [Fact]
    public void AProfileThatIsItsOwnSource_WithoutKeys_IsALoop()
    {
        using var files = new ProfileFiles("[self]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = self\n");

        var error = Assert.Throws<AwsConfigurationException>(() => files.Resolver().Resolve("self", "us-east-1"));

        Assert.Contains("names itself as source_profile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChainOfRoleProfiles_AssumesEachRoleWithThePreviousOnesCredentials()
    {
        using var files = new ProfileFiles(Source + """
            [hop]
            role_arn = arn:aws:iam::111122223333:role/hop
            source_profile = source
            [admin]
            role_arn = arn:aws:iam::444455556666:role/admin
            source_profile = hop
            """);

        var credentials = await files.Resolver().Resolve("admin", "us-east-1").Credentials.GetCredentialsAsync();

        var calls = files.Aws.Calls("AssumeRole").ToList();
        Assert.Equal(LocalAwsEndpoint.IssuedAccessKey, credentials.AccessKey);
        Assert.Equal(["arn:aws:iam::111122223333:role/hop", "arn:aws:iam::444455556666:role/admin"], calls.Select(c => c.Form["RoleArn"]));
        Assert.Equal(["AKIASOURCE0000000000", LocalAwsEndpoint.IssuedAccessKey], calls.Select(SignedBy));
    }

    [Fact]
    public void AnMfaRoleProfile_WithoutACodeProvider_SaysItNeedsAnMfaCode()
    {
        using var files = new ProfileFiles(Source + "[admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = source\nmfa_serial = arn:aws:iam::999988887777:mfa/dev\n");
        var resolver = files.Resolver();

        var error = Assert.Throws<AwsConfigurationException>(() => resolver.Resolve("admin", "us-east-1"));

        Assert.Equal("arn:aws:iam::999988887777:mfa/dev", resolver.MfaSerialOf("admin"));
        Assert.Null(resolver.MfaSerialOf("source"));
        Assert.Contains("MFA code", error.Message, StringComparison.Ordinal);
        Assert.Contains("mfa_serial", error.Message, StringComparison.Ordinal);
        Assert.Empty(files.Aws.Requests);
    }

    [Fact]
    public async Task AnMfaRoleProfile_SendsTheDeviceAndTheCodeItsProviderGives()
    {
        using var files = new ProfileFiles(Source + "[admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = source\nmfa_serial = arn:aws:iam::999988887777:mfa/dev\n");
        var asked = new List<(string, string)>();
        var resolver = files.Resolver(mfaTokenCode: (profile, serial) =>
        {
            asked.Add((profile, serial));
            return "123456";
        });

        var (_, assumeRole) = await AssumeAsync(files, "admin", resolver);

        Assert.Equal([("admin", "arn:aws:iam::999988887777:mfa/dev")], asked);
        Assert.Equal("arn:aws:iam::999988887777:mfa/dev", assumeRole.Form["SerialNumber"]);
        Assert.Equal("123456", assumeRole.Form["TokenCode"]);
    }

    [Fact]
    public async Task AssumeRoleRefused_IsOneLineNamingTheProfileAndTheRole()
    {
        using var files = new ProfileFiles(Source + "[admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = source\n");
        files.Aws.RefuseAssumeRole = true;

        var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => files.Resolver().Resolve("admin", "us-east-1").Credentials.GetCredentialsAsync());

        Assert.Contains("Profile 'admin' could not assume arn:aws:iam::111122223333:role/admin: AWS error AccessDenied", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
