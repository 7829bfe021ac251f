using System.Collections.Concurrent;
using Amazon.Runtime;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>What the proxy needs to know about a role to judge an AssumeRole call.</summary>
public sealed record RoleFacts(string Arn, string TrustPolicy, int MaxSessionDuration);

/// <summary>
/// Reads roles straight from moto (not through the proxy, so no rule and no count sees it) with the credentials of
/// each account's admin, which the fixture registers. moto stores both the trust policy and MaxSessionDuration.
/// </summary>
public sealed class RoleDirectory(string motoEndpointUrl, string region) : IDisposable
{
    /// <summary>IAM's default when CreateRole gives no MaxSessionDuration.</summary>
    public const int DefaultMaxSessionDuration = 3600;

    private readonly ConcurrentDictionary<string, IamClient> _adminByAccount = new(StringComparer.Ordinal);

    public void RegisterAdmin(string account, AWSCredentials adminCredentials)
    {
        var config = new IamConfig { AuthenticationRegion = region, MaxErrorRetry = 2 };
        config.ServiceURL = motoEndpointUrl;
        var client = new IamClient(adminCredentials, config);
        if (!_adminByAccount.TryAdd(account, client))
        {
            client.Dispose();
        }
    }

    /// <returns>The role, or null when moto says it does not exist.</returns>
    public async Task<RoleFacts?> FindAsync(string account, string roleName, CancellationToken cancellationToken)
    {
        if (!_adminByAccount.TryGetValue(account, out var iam))
        {
            throw new InvalidOperationException(
                $"AwsBehaviourProxy has no admin credentials for account {account}, so it cannot read role {roleName}.");
        }

        try
        {
            var role = (await iam.GetRoleAsync(new GetRoleRequest { RoleName = roleName }, cancellationToken)).Role;
            return new RoleFacts(role.Arn ?? "", role.AssumeRolePolicyDocument ?? "", role.MaxSessionDuration ?? DefaultMaxSessionDuration);
        }
        catch (IamServiceException e) when (e.ErrorCode == "NoSuchEntity")
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var client in _adminByAccount.Values)
        {
            client.Dispose();
        }

        _adminByAccount.Clear();
    }
}
