using Amazon;
using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;

namespace AssumeRoleCli.Tests.Aws.Credentials;

/// <summary>What the cache's replacement of a session rests on: a client already made signs its next request with the new keys.</summary>
public sealed class ReplaceableCredentialsTests
{
    [Fact]
    public async Task AClientMadeWithThem_SignsItsNextRequestWithTheReplacement()
    {
        using var files = new ProfileFiles("");
        var credentials = new ReplaceableCredentials(new SessionAWSCredentials("ASIABEFORE0000000000", "s1", "t1"));
        var session = new AwsSession("p", credentials, RegionEndpoint.USEast1, files.CredentialsFile);
        var sts = new AwsClientFactory(files.Aws.Url).Sts(session);

        await sts.GetCallerIdentityAsync(CancellationToken.None);
        credentials.Replace(new SessionAWSCredentials("ASIAAFTER00000000000", "s2", "t2"));
        await sts.GetCallerIdentityAsync(CancellationToken.None);

        var signedBy = files.Aws.Calls("GetCallerIdentity").Select(r => r.Authorization?.Split("Credential=")[1].Split('/')[0]).ToList();
        Assert.Equal(["ASIABEFORE0000000000", "ASIAAFTER00000000000"], signedBy);
    }
}
