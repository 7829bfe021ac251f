namespace AssumeRoleCli.Aws;

/// <summary>A role as the planners need it. The trust policy is decoded JSON.</summary>
/// <param name="MaxSessionDuration">Seconds a session of the role may last; null when IAM did not say.</param>
public sealed record IamRole(string Name, string Arn, string TrustPolicy, IReadOnlyDictionary<string, string> Tags, int? MaxSessionDuration = null);

/// <summary>A managed policy, by name and ARN.</summary>
public sealed record ManagedPolicyRef(string Name, string Arn);

/// <summary>IAM, thinly: each method is one operation (all pages of a list); decisions stay with the caller.</summary>
public interface IIamApi
{
    /// <summary>The role with its tags, or null when it does not exist.</summary>
    Task<IamRole?> GetRoleAsync(string roleName, CancellationToken ct);

    Task<IamRole> CreateRoleAsync(string roleName, string trustPolicy, string description, IReadOnlyDictionary<string, string> tags, CancellationToken ct);

    Task UpdateTrustPolicyAsync(string roleName, string trustPolicy, CancellationToken ct);

    Task<IReadOnlyList<ManagedPolicyRef>> ListAttachedPoliciesAsync(string roleName, CancellationToken ct);

    Task AttachPolicyAsync(string roleName, string policyArn, CancellationToken ct);

    Task DetachPolicyAsync(string roleName, string policyArn, CancellationToken ct);

    Task<IReadOnlyList<string>> ListInlinePolicyNamesAsync(string roleName, CancellationToken ct);

    Task DeleteInlinePolicyAsync(string roleName, string policyName, CancellationToken ct);

    Task<IReadOnlyList<string>> ListInstanceProfileNamesAsync(string roleName, CancellationToken ct);

    Task RemoveFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken ct);

    Task DeleteRoleAsync(string roleName, CancellationToken ct);

    /// <summary>The policy, or null when no policy has that ARN.</summary>
    Task<ManagedPolicyRef?> GetPolicyAsync(string policyArn, CancellationToken ct);

    /// <summary>Every AWS-managed policy (Scope=AWS), all pages.</summary>
    Task<IReadOnlyList<ManagedPolicyRef>> ListAwsManagedPoliciesAsync(CancellationToken ct);
}
