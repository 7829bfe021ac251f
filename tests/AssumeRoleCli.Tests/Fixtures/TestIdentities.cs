using Amazon.Runtime;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Tests.Aws.Iam.TestSupport;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>An IAM user made for one test, with its access key. Holds a secret: never print it.</summary>
public sealed record TestUser(string Arn, string AccessKeyId, string SecretAccessKey)
{
    public string Profile(string name) => $"[{name}]\naws_access_key_id = {AccessKeyId}\naws_secret_access_key = {SecretAccessKey}\n";

    public AWSCredentials Credentials() => new BasicAWSCredentials(AccessKeyId, SecretAccessKey);
}

/// <summary>
/// Users with exactly the inline policies a test names, made by a world's destination admin in that world's
/// destination account (moto enforces the policies: auth is on in the sandbox).
/// </summary>
public static class TestIdentities
{
    public static async Task<TestUser> CreateUserAsync(TwoAccountWorld world, string userName, params (string Name, string Document)[] policies)
    {
        using var iam = AdminIam(world);
        var user = (await iam.CreateUserAsync(new CreateUserRequest { UserName = userName })).User;
        foreach (var (name, document) in policies)
        {
            await iam.PutUserPolicyAsync(new PutUserPolicyRequest { UserName = userName, PolicyName = name, PolicyDocument = document });
        }

        var key = (await iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = userName })).AccessKey;
        return new TestUser(user.Arn!, key.AccessKeyId!, key.SecretAccessKey!);
    }

    public static async Task DeleteUserPolicyAsync(TwoAccountWorld world, string userName, string policyName)
    {
        using var iam = AdminIam(world);
        await iam.DeleteUserPolicyAsync(new DeleteUserPolicyRequest { UserName = userName, PolicyName = policyName });
    }

    /// <summary>
    /// A credentials file with the given profiles, in <paramref name="world"/>'s directory (so the world's config
    /// file, with each profile's region, sits next to it). Readable by the owner only.
    /// </summary>
    public static string WriteCredentialsFile(TwoAccountWorld world, params (string Profile, TestUser User)[] profiles)
    {
        var path = Path.Combine(world.Directory, $"credentials-{Guid.NewGuid():N}");
        File.WriteAllText(path, string.Join("\n", profiles.Select(p => p.User.Profile(p.Profile))));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    /// <summary>The world's destination admin, as a <see cref="TestUser"/> for credentials files.</summary>
    public static TestUser DestinationAdmin(TwoAccountWorld world)
    {
        var credentials = world.DestinationAdminCredentials().GetCredentials();
        return new TestUser(world.DestinationAdminArn, credentials.AccessKey, credentials.SecretKey);
    }

    private static IamClient AdminIam(TwoAccountWorld world) =>
        new(world.DestinationAdminCredentials(), world.ConfigureClient(new IamConfig { MaxErrorRetry = 1 }));
}
