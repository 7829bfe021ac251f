using Amazon;
using Amazon.Runtime;

namespace AssumeRoleCli.Aws;

/// <summary>
/// Who calls AWS and where: credentials, region, and the profile they came from (the SDK reads a profile's
/// endpoint_url through it). Never printed: it holds secrets.
/// </summary>
public sealed class AwsSession
{
    /// <param name="who">Who the credentials are, in messages; default <c>profile NAME</c> (keys from the environment say so instead).</param>
    public AwsSession(string profileName, AWSCredentials credentials, RegionEndpoint region, string credentialsFile, string? who = null)
    {
        Who = who ?? $"profile {profileName}";
        ProfileName = profileName;
        Credentials = credentials;
        Region = region;
        CredentialsFile = credentialsFile;
    }

    public string ProfileName { get; }

    /// <summary>Who calls, for error lines: "profile source", or "credentials from the environment" (whose profile gives only the region).</summary>
    public string Who { get; }

    public AWSCredentials Credentials { get; }

    public RegionEndpoint Region { get; }

    public string CredentialsFile { get; }

    /// <summary>The same profile and credentials in another region.</summary>
    public AwsSession InRegion(RegionEndpoint region) => new(ProfileName, Credentials, region, CredentialsFile, Who);

    /// <summary>The same profile and region with other credentials, e.g. those of an assumed role.</summary>
    public AwsSession WithCredentials(AWSCredentials credentials) => new(ProfileName, credentials, Region, CredentialsFile);

    public override string ToString() => $"profile {ProfileName} in {Region.SystemName}";
}
