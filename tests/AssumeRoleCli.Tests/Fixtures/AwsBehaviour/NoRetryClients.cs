using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SecurityToken;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>SDK clients for a world that never retry, so a test sees each answer the proxy gives exactly once.</summary>
internal static class NoRetryClients
{
    public static IamClient AdminIam(TwoAccountWorld world) =>
        new(world.DestinationAdminCredentials(), world.ConfigureClient(new IamConfig { MaxErrorRetry = 0 }));

    public static AmazonSecurityTokenServiceClient Sts(TwoAccountWorld world, AWSCredentials credentials, TimeSpan? timeout = null)
    {
        var config = new AmazonSecurityTokenServiceConfig { MaxErrorRetry = 0 };
        if (timeout is { } limit)
        {
            config.Timeout = limit;
        }

        return new(credentials, world.ConfigureClient(config));
    }

    public static AmazonEC2Client Ec2(TwoAccountWorld world, AWSCredentials credentials) =>
        new(credentials, world.ConfigureClient(new AmazonEC2Config { MaxErrorRetry = 0 }));

    /// <summary>A trust policy with one Allow statement for <c>{"AWS": principal}</c> and an optional Condition block.</summary>
    public static string TrustPolicy(string principal, string? condition = null)
    {
        var conditionPart = condition is null ? "" : $",\"Condition\":{condition}";
        return $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":{{principal}}},"Action":"sts:AssumeRole"{{conditionPart}}}]}""";
    }

    /// <summary>Creates a role trusting the world's source account root.</summary>
    public static Task<CreateRoleResponse> CreateTrustedRoleAsync(IamClient iam, TwoAccountWorld world, string roleName, int? maxSessionDuration = null) =>
        iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = roleName,
            AssumeRolePolicyDocument = TrustPolicy($"\"arn:aws:iam::{world.SourceAccountId}:root\""),
            MaxSessionDuration = maxSessionDuration,
        });
}
