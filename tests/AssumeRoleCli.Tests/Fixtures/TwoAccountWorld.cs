using System.Text.Json;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.SecurityToken;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// One bootstrapped pair of moto accounts (see scripts/moto_sandbox.py): the SOURCE account, shared by every world of
/// a run, whose user may only call sts:AssumeRole / sts:GetCallerIdentity, and a fresh DESTINATION account of this
/// world's own with an admin user. The files under
/// <see cref="Directory"/> hold the secrets; nothing here touches process-wide environment variables.
/// </summary>
public sealed record TwoAccountWorld
{
    public const string SourceProfile = "source";
    public const string DestinationProfile = "destination";

    public required string EndpointUrl { get; init; }
    public required string Region { get; init; }
    public required string SourceAccountId { get; init; }
    public required string DestinationAccountId { get; init; }
    public required string SourceUserArn { get; init; }
    public required string DestinationAdminArn { get; init; }

    /// <summary>The world-N directory; also a convenient place for per-test files such as state files.</summary>
    public required string Directory { get; init; }

    /// <summary>Shared credentials file with <c>[source]</c> and <c>[destination]</c>.</summary>
    public string CredentialsFile => Path.Combine(Directory, "credentials");

    /// <summary>Shared credentials file with only <c>[source]</c>.</summary>
    public string CredentialsFileWithoutDestination => Path.Combine(Directory, "credentials-no-destination");

    /// <summary><c>[profile source]</c>/<c>[profile destination]</c> with the region; next to the credentials files.</summary>
    public string ConfigFile => Path.Combine(Directory, "config");

    /// <summary>Reads DIR/world.json written by moto_sandbox.py.</summary>
    public static TwoAccountWorld Load(string directory)
    {
        var path = Path.Combine(directory, "world.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        string Get(string name) =>
            json.RootElement.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
                ? text
                : throw new InvalidDataException($"{path} has no \"{name}\".");

        return new TwoAccountWorld
        {
            EndpointUrl = Get("endpoint"),
            Region = Get("region"),
            SourceAccountId = Get("source_account"),
            DestinationAccountId = Get("destination_account"),
            SourceUserArn = Get("source_user_arn"),
            DestinationAdminArn = Get("destination_admin_arn"),
            Directory = Path.GetFullPath(directory),
        };
    }

    public AWSCredentials SourceCredentials() => ReadProfile(SourceProfile);

    public AWSCredentials DestinationAdminCredentials() => ReadProfile(DestinationProfile);

    public AmazonEC2Client DestinationAdminEc2() => Ec2Client(DestinationAdminCredentials());

    public AmazonSecurityTokenServiceClient SourceSts() => StsClient(SourceCredentials());

    public AmazonEC2Client Ec2Client(AWSCredentials credentials) => new(credentials, ConfigureClient(new AmazonEC2Config()));

    public AmazonSecurityTokenServiceClient StsClient(AWSCredentials credentials) =>
        new(credentials, ConfigureClient(new AmazonSecurityTokenServiceConfig()));

    /// <summary>
    /// Points any SDK client config at moto: AuthenticationRegion = <see cref="Region"/>, ServiceURL = <see cref="EndpointUrl"/>.
    /// ServiceURL is set last on purpose: setting RegionEndpoint afterwards would null it.
    /// </summary>
    public T ConfigureClient<T>(T config)
        where T : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        config.AuthenticationRegion = Region;
        config.ServiceURL = EndpointUrl;
        return config;
    }

    private BasicAWSCredentials ReadProfile(string profileName)
    {
        var file = new SharedCredentialsFile(CredentialsFile);
        if (!file.TryGetProfile(profileName, out var profile)
            || string.IsNullOrEmpty(profile.Options.AccessKey)
            || string.IsNullOrEmpty(profile.Options.SecretKey))
        {
            throw new InvalidOperationException($"Profile [{profileName}] with static keys not found in {CredentialsFile}.");
        }

        return new BasicAWSCredentials(profile.Options.AccessKey, profile.Options.SecretKey);
    }
}
