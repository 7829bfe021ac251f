using AssumeRoleCli.Aws.Credentials;

namespace AssumeRoleCli.Tests.Aws.Credentials;

/// <summary>role_arn + web_identity_token_file: the SDK's provider, with the STS client from our factory.</summary>
public sealed class WebIdentityProfileTests
{
    [Fact]
    public async Task AWebIdentityProfile_SendsItsTokenToAssumeRoleWithWebIdentity_Unsigned()
    {
        using var files = new ProfileFiles("");
        var tokenFile = Path.Combine(files.Directory, "token");
        File.WriteAllText(tokenFile, "oidc-token-value");
        File.WriteAllText(files.CredentialsFile, $"[ci]\nrole_arn = arn:aws:iam::111122223333:role/ci\nweb_identity_token_file = {tokenFile}\nrole_session_name = build-42\n");

        var credentials = await files.Resolver().Resolve("ci", "us-east-1").Credentials.GetCredentialsAsync();

        var call = Assert.Single(files.Aws.Calls("AssumeRoleWithWebIdentity"));
        Assert.Equal(("oidc-token-value", "arn:aws:iam::111122223333:role/ci", "build-42"), (call.Form["WebIdentityToken"], call.Form["RoleArn"], call.Form["RoleSessionName"]));
        Assert.Null(call.Authorization);
        Assert.Equal(LocalAwsEndpoint.IssuedAccessKey, credentials.AccessKey);
    }

    [Fact]
    public async Task AWebIdentityProfileThatStsRefuses_IsOneLineNamingTheProfile()
    {
        using var files = new ProfileFiles("");
        var tokenFile = Path.Combine(files.Directory, "token");
        File.WriteAllText(tokenFile, "oidc-token-value");
        File.WriteAllText(files.CredentialsFile, $"[ci]\nrole_arn = arn:aws:iam::111122223333:role/ci\nweb_identity_token_file = {tokenFile}\n");
        files.Aws.RefuseAssumeRole = true;

        var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => files.Resolver().Resolve("ci", "us-east-1").Credentials.GetCredentialsAsync());

        Assert.Contains("Profile 'ci' could not assume arn:aws:iam::111122223333:role/ci: AWS error AccessDenied", error.Message, StringComparison.Ordinal);
    }
}
