using System.Security.Cryptography;
using System.Text;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;

namespace AssumeRoleCli.Tests.Aws.Credentials;

/// <summary>
/// A throwaway ~/.aws: credentials, config and sso/cache in a temp directory, and a resolver over them whose AWS
/// calls go to a <see cref="LocalAwsEndpoint"/>. Nothing here reads or writes the process environment.
/// </summary>
internal sealed class ProfileFiles : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("assumerole-profiles-").FullName;

    public ProfileFiles(string credentials, string config = "")
    {
        File.WriteAllText(CredentialsFile, credentials);
        if (!OperatingSystem.IsWindows())
        {
            // As 'aws configure' leaves it: a credentials file others can read draws assumerole's warning.
            File.SetUnixFileMode(CredentialsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(Path.Combine(_directory, "config"), config);
    }

    public string Directory => _directory;

    public string CredentialsFile => Path.Combine(_directory, "credentials");

    public LocalAwsEndpoint Aws { get; } = new();

    /// <summary>The environment a test starts from: these files, the stand-in, no AWS_* variables.</summary>
    public AwsEnvironment Environment => AwsEnvironment.ForDirectory(CredentialsFile, Aws.Url);

    public ProfileResolver Resolver(Func<AwsEnvironment, AwsEnvironment>? adjust = null, MfaTokenCodeProvider? mfaTokenCode = null)
    {
        var environment = adjust is null ? Environment : adjust(Environment);
        return new ProfileResolver(environment, new AwsClientFactory(environment.EndpointOverride), mfaTokenCode);
    }

    /// <summary>Caches an SSO token as 'aws sso login' does: sso/cache/&lt;sha1 of the session name or start URL&gt;.json.</summary>
    public void CacheSsoToken(string sessionOrStartUrl, string accessToken, DateTime expiresAt, string region = "us-east-1")
    {
        var cache = System.IO.Directory.CreateDirectory(Path.Combine(_directory, "sso", "cache")).FullName;
#pragma warning disable CA5350 // SHA-1 names the file in the AWS CLI's cache format; it protects nothing.
        var name = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(sessionOrStartUrl)));
#pragma warning restore CA5350
        var expires = expiresAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(
            Path.Combine(cache, name + ".json"),
            $$"""{"startUrl":"https://example.awsapps.com/start","region":"{{region}}","accessToken":"{{accessToken}}","expiresAt":"{{expires}}"}""");
    }

    public void Dispose()
    {
        Aws.Dispose();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
