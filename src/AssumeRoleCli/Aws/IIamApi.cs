namespace AssumeRoleCli.Aws;

/// <summary>A role as the planners need it. The trust policy is decoded JSON.</summary>
public sealed record IamRole(string Name, string Arn, string TrustPolicy, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>IAM's default when a role is created without one.</summary>
    public const int DefaultMaxSessionDurationSeconds = 3600;

    /// <summary>The longest AssumeRole session the role allows, in seconds (3600-43200).</summary>
    public int MaxSessionDurationSeconds { get; init; } = DefaultMaxSessionDurationSeconds;

    public string Description { get; init; } = "";

    /// <summary>When the role was last used (GetRole's RoleLastUsed); null when IAM has no use in its 400-day tracking period.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>The region of that last use, when IAM says.</summary>
    public string? LastUsedRegion { get; init; }
}

/// <summary>A managed policy, by name and ARN.</summary>
public sealed record ManagedPolicyRef(string Name, string Arn);

/// <summary>IAM, thinly: each method is one operation (all pages of a list); decisions stay with the caller.</summary>
public interface IIamApi
{
    /// <summary>The role with its tags, or null when it does not exist.</summary>
    Task<IamRole?> GetRoleAsync(string roleName, CancellationToken ct);

    Task<IamRole> CreateRoleAsync(string roleName, string trustPolicy, string description, int maxSessionDurationSeconds, IReadOnlyDictionary<string, string> tags, CancellationToken ct);

    /// <summary>A role with IAM's default max session duration.</summary>
    Task<IamRole> CreateRoleAsync(string roleName, string trustPolicy, string description, IReadOnlyDictionary<string, string> tags, CancellationToken ct) =>
        CreateRoleAsync(roleName, trustPolicy, description, IamRole.DefaultMaxSessionDurationSeconds, tags, ct);

    Task UpdateTrustPolicyAsync(string roleName, string trustPolicy, CancellationToken ct);

    /// <summary>Sets both the description and the max session duration: an UpdateRole that leaves one out may reset it (moto does).</summary>
    Task UpdateRoleAsync(string roleName, string description, int maxSessionDurationSeconds, CancellationToken ct);

    /// <summary>Adds the tags to the role, overwriting the values of keys it already has; its other tags stay.</summary>
    Task TagRoleAsync(string roleName, IReadOnlyDictionary<string, string> tags, CancellationToken ct);

    /// <summary>The inline policy's document (decoded JSON), or null when the role has no inline policy of that name.</summary>
    Task<string?> GetInlinePolicyAsync(string roleName, string policyName, CancellationToken ct);

    /// <summary>Creates or replaces the role's inline policy of that name.</summary>
    Task PutInlinePolicyAsync(string roleName, string policyName, string policyDocument, CancellationToken ct);

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
