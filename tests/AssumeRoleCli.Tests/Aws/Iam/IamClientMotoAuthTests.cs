using System.Net;
using Amazon.Runtime;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Tests.Aws.Iam.TestSupport;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Aws.Iam;

/// <summary>
/// The shared moto sandbox already checks signatures, access keys and IAM policies. With a real key (made by the
/// destination admin) this proves the SDK pipeline really signs: the right key passes, a wrong secret or an unknown
/// key is rejected.
/// </summary>
public class IamClientMotoAuthTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    private const string AdminPolicy = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}
        """;

    [Fact]
    public async Task WithAuthEnabled_OnlyCorrectlySignedRequestsSucceed()
    {
        var world = sandbox.LeaseWorld();

        // As the destination admin (itself authenticated): a user with an admin inline policy and an access key.
        AccessKey key;
        using (var admin = CreateClient(world, world.DestinationAdminCredentials()))
        {
            var user = await admin.CreateUserAsync(new CreateUserRequest { UserName = "signer" });
            Assert.Equal("signer", user.User.UserName);
            Assert.False(string.IsNullOrEmpty(user.User.UserId));
            Assert.Equal($"arn:aws:iam::{world.DestinationAccountId}:user/signer", user.User.Arn);
            await admin.PutUserPolicyAsync(new PutUserPolicyRequest { UserName = "signer", PolicyName = "admin", PolicyDocument = AdminPolicy });
            key = (await admin.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = "signer" })).AccessKey;
        }

        Assert.False(string.IsNullOrEmpty(key.AccessKeyId));
        Assert.False(string.IsNullOrEmpty(key.SecretAccessKey));

        using (var signed = CreateClient(world, new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey)))
        {
            var created = await signed.CreateRoleAsync(new CreateRoleRequest
            {
                RoleName = "signed-role",
                AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
            });
            Assert.Equal("signed-role", created.Role.RoleName);
            Assert.Equal($"arn:aws:iam::{world.DestinationAccountId}:role/signed-role", created.Role.Arn);
            Assert.Equal("signed-role", (await signed.GetRoleAsync(new GetRoleRequest { RoleName = "signed-role" })).Role.RoleName);
        }

        using (var wrongSecret = CreateClient(world, new BasicAWSCredentials(key.AccessKeyId, "not-the-secret-key-0000000000000000000000")))
        {
            var error = await Assert.ThrowsAsync<IamServiceException>(
                () => wrongSecret.GetRoleAsync(new GetRoleRequest { RoleName = "signed-role" }));
            Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
            Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        }

        // A well-formed key id that no account in moto has issued.
        var unknownKeyId = "AKIA" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        using (var unknownKey = CreateClient(world, new BasicAWSCredentials(unknownKeyId, key.SecretAccessKey)))
        {
            var error = await Assert.ThrowsAsync<IamServiceException>(
                () => unknownKey.GetRoleAsync(new GetRoleRequest { RoleName = "signed-role" }));
            Assert.Equal("InvalidClientTokenId", error.ErrorCode);
        }
    }

    private static IamClient CreateClient(TwoAccountWorld world, AWSCredentials credentials)
        => new(credentials, world.ConfigureClient(new IamConfig { MaxErrorRetry = 1 }));
}
