using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>An in-memory IAM for planner tests: roles, their tags and attachments; records every write.</summary>
internal sealed class FakeIamApi : IIamApi
{
    private readonly Dictionary<string, IamRole> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ManagedPolicyRef>> _attached = new(StringComparer.Ordinal);

    public List<string> Writes { get; } = [];

    public List<ManagedPolicyRef> AwsManagedPolicies { get; } =
    [
        new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess"),
        new("AmazonEC2RoleforSSM", "arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM"),
    ];

    public int ListPolicyCalls { get; private set; }

    public void AddRole(IamRole role, params ManagedPolicyRef[] attached)
    {
        _roles[role.Name] = role;
        _attached[role.Name] = [.. attached];
    }

    public IReadOnlyList<ManagedPolicyRef> AttachedTo(string roleName) => _attached.GetValueOrDefault(roleName) ?? [];

    public IamRole? Role(string roleName) => _roles.GetValueOrDefault(roleName);

    public Task<IamRole?> GetRoleAsync(string roleName, CancellationToken ct) => Task.FromResult(_roles.GetValueOrDefault(roleName));

    public Task<IamRole> CreateRoleAsync(string roleName, string trustPolicy, string description, IReadOnlyDictionary<string, string> tags, CancellationToken ct)
    {
        Writes.Add($"CreateRole {roleName}");
        var role = new IamRole(roleName, $"arn:aws:iam::111122223333:role/{roleName}", trustPolicy, tags);
        AddRole(role);
        return Task.FromResult(role);
    }

    public Task UpdateTrustPolicyAsync(string roleName, string trustPolicy, CancellationToken ct)
    {
        Writes.Add($"UpdateAssumeRolePolicy {roleName}");
        _roles[roleName] = _roles[roleName] with { TrustPolicy = trustPolicy };
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ManagedPolicyRef>> ListAttachedPoliciesAsync(string roleName, CancellationToken ct) =>
        Task.FromResult(AttachedTo(roleName));

    public Task AttachPolicyAsync(string roleName, string policyArn, CancellationToken ct)
    {
        Writes.Add($"AttachRolePolicy {roleName} {policyArn}");
        _attached[roleName].Add(new ManagedPolicyRef(policyArn.Split('/')[^1], policyArn));
        return Task.CompletedTask;
    }

    public Task DetachPolicyAsync(string roleName, string policyArn, CancellationToken ct)
    {
        Writes.Add($"DetachRolePolicy {roleName} {policyArn}");
        _attached[roleName].RemoveAll(p => p.Arn == policyArn);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListInlinePolicyNamesAsync(string roleName, CancellationToken ct) => Task.FromResult<IReadOnlyList<string>>([]);

    public Task DeleteInlinePolicyAsync(string roleName, string policyName, CancellationToken ct)
    {
        Writes.Add($"DeleteRolePolicy {roleName} {policyName}");
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListInstanceProfileNamesAsync(string roleName, CancellationToken ct) => Task.FromResult<IReadOnlyList<string>>([]);

    public Task RemoveFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken ct)
    {
        Writes.Add($"RemoveRoleFromInstanceProfile {instanceProfileName} {roleName}");
        return Task.CompletedTask;
    }

    public Task DeleteRoleAsync(string roleName, CancellationToken ct)
    {
        Writes.Add($"DeleteRole {roleName}");
        _roles.Remove(roleName);
        return Task.CompletedTask;
    }

    public Task<ManagedPolicyRef?> GetPolicyAsync(string policyArn, CancellationToken ct) =>
        Task.FromResult(AwsManagedPolicies.FirstOrDefault(p => p.Arn == policyArn));

    public Task<IReadOnlyList<ManagedPolicyRef>> ListAwsManagedPoliciesAsync(CancellationToken ct)
    {
        ListPolicyCalls++;
        return Task.FromResult<IReadOnlyList<ManagedPolicyRef>>(AwsManagedPolicies);
    }
}
