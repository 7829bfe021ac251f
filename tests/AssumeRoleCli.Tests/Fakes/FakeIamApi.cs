using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Tests.Fakes;

/// <summary>
/// An in-memory IAM for planner and applier tests that follows IAM's rules: removing what is not there answers
/// NoSuchEntity, DeleteRole answers DeleteConflict while anything is still attached. Records every write; faults
/// can be scripted per operation.
/// </summary>
internal sealed class FakeIamApi : IIamApi
{
    private readonly Dictionary<string, IamRole> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ManagedPolicyRef>> _attached = new(StringComparer.Ordinal);

    private readonly Dictionary<string, List<string>> _inline = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Role, string Policy), string> _inlineDocuments = [];
    private readonly Dictionary<string, List<string>> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<(string Code, string? Message)>> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Action> _during = new(StringComparer.Ordinal);

    public List<string> Writes { get; } = [];

    /// <summary>
    /// The next <paramref name="times"/> calls of <paramref name="operation"/> (e.g. "DeleteRole") answer <paramref name="code"/>
    /// (with <paramref name="message"/>, or "CODE from the fake").
    /// </summary>
    public FakeIamApi Fail(string operation, string code, int times = 1, string? message = null)
    {
        var queue = _faults.TryGetValue(operation, out var existing) ? existing : _faults[operation] = new Queue<(string, string?)>();
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue((code, message));
        }

        return this;
    }

    public void AddInlinePolicy(string roleName, string policyName) => Inline(roleName).Add(policyName);

    public void AddToInstanceProfile(string roleName, string profileName) => Profiles(roleName).Add(profileName);

    public List<ManagedPolicyRef> AwsManagedPolicies { get; } =
    [
        new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess"),
        new("ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
        new("AmazonEC2RoleforSSM", "arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM"),
    ];

    public int ListPolicyCalls { get; private set; }

    public int GetPolicyCalls { get; private set; }

    /// <summary>The account CreateRole makes roles in (its answer's ARN names it).</summary>
    public string AccountId { get; set; } = "111122223333";

    public void AddRole(IamRole role, params ManagedPolicyRef[] attached)
    {
        _roles[role.Name] = role;
        _attached[role.Name] = [.. attached];
    }

    public IReadOnlyList<ManagedPolicyRef> AttachedTo(string roleName) => _attached.GetValueOrDefault(roleName) ?? [];

    public IamRole? Role(string roleName) => _roles.GetValueOrDefault(roleName);

    private readonly Dictionary<string, int> _hiddenFor = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Arn, int Lookups)> _arnLater = new(StringComparer.Ordinal);

    /// <summary>IAM's eventual consistency: the next <paramref name="lookups"/> GetRole calls do not see the role.</summary>
    public void HideRoleFor(string roleName, int lookups) => _hiddenFor[roleName] = lookups;

    /// <summary>GetRole shows the role's unique id as its ARN for <paramref name="lookups"/> calls, then <paramref name="arn"/>.</summary>
    public void RevealArnAfter(string roleName, string arn, int lookups) => _arnLater[roleName] = (arn, lookups);

    public Task<IamRole?> GetRoleAsync(string roleName, CancellationToken ct)
    {
        Fault("GetRole");
        if (_hiddenFor.TryGetValue(roleName, out var hidden) && hidden > 0)
        {
            _hiddenFor[roleName] = hidden - 1;
            return Task.FromResult<IamRole?>(null);
        }

        if (_arnLater.TryGetValue(roleName, out var later) && _roles.TryGetValue(roleName, out var role))
        {
            if (later.Lookups-- <= 0)
            {
                _roles[roleName] = role with { Arn = later.Arn };
                _arnLater.Remove(roleName);
            }
            else
            {
                _arnLater[roleName] = later;
            }
        }

        return Task.FromResult(_roles.GetValueOrDefault(roleName));
    }

    public Task<IamRole> CreateRoleAsync(
        string roleName, string trustPolicy, string description, int maxSessionDurationSeconds, IReadOnlyDictionary<string, string> tags, CancellationToken ct)
    {
        Fault("CreateRole");
        Writes.Add($"CreateRole {roleName}");
        var role = new IamRole(roleName, $"arn:aws:iam::{AccountId}:role/{roleName}", trustPolicy, tags)
        {
            MaxSessionDurationSeconds = maxSessionDurationSeconds,
            Description = description,
        };
        AddRole(role);
        return Task.FromResult(role);
    }

    public Task UpdateRoleAsync(string roleName, string description, int maxSessionDurationSeconds, CancellationToken ct)
    {
        Fault("UpdateRole");
        Writes.Add($"UpdateRole {roleName} {maxSessionDurationSeconds}");
        _roles[RequireRole(roleName)] = _roles[roleName] with { MaxSessionDurationSeconds = maxSessionDurationSeconds, Description = description };
        return Task.CompletedTask;
    }

    public Task TagRoleAsync(string roleName, IReadOnlyDictionary<string, string> tags, CancellationToken ct)
    {
        Fault("TagRole");
        Writes.Add($"TagRole {roleName} {string.Join(",", tags.Select(t => $"{t.Key}={t.Value}"))}");
        var merged = new Dictionary<string, string>(_roles[RequireRole(roleName)].Tags, StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            merged[key] = value;
        }

        _roles[roleName] = _roles[roleName] with { Tags = merged };
        return Task.CompletedTask;
    }

    public Task<string?> GetInlinePolicyAsync(string roleName, string policyName, CancellationToken ct)
    {
        Fault("GetRolePolicy");
        return Task.FromResult(Inline(RequireRole(roleName)).Contains(policyName) ? _inlineDocuments.GetValueOrDefault((roleName, policyName), "{}") : null);
    }

    public Task PutInlinePolicyAsync(string roleName, string policyName, string policyDocument, CancellationToken ct)
    {
        Fault("PutRolePolicy");
        Writes.Add($"PutRolePolicy {roleName} {policyName}");
        PutInline(roleName, policyName, policyDocument);
        return Task.CompletedTask;
    }

    /// <summary>Sets an inline policy as someone else would (not recorded as a write).</summary>
    public void PutInline(string roleName, string policyName, string policyDocument)
    {
        if (!Inline(RequireRole(roleName)).Contains(policyName))
        {
            Inline(roleName).Add(policyName);
        }

        _inlineDocuments[(roleName, policyName)] = policyDocument;
    }

    public Task UpdateTrustPolicyAsync(string roleName, string trustPolicy, CancellationToken ct)
    {
        Fault("UpdateAssumeRolePolicy");
        Writes.Add($"UpdateAssumeRolePolicy {roleName}");
        _roles[RequireRole(roleName)] = _roles[roleName] with { TrustPolicy = trustPolicy };
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ManagedPolicyRef>> ListAttachedPoliciesAsync(string roleName, CancellationToken ct)
    {
        Fault("ListAttachedRolePolicies");
        return Task.FromResult<IReadOnlyList<ManagedPolicyRef>>(AttachedTo(RequireRole(roleName)).ToList());
    }

    public Task AttachPolicyAsync(string roleName, string policyArn, CancellationToken ct)
    {
        Fault("AttachRolePolicy");
        Writes.Add($"AttachRolePolicy {roleName} {policyArn}");
        if (policyArn.Contains(":iam::aws:policy/", StringComparison.Ordinal) && AwsManagedPolicies.All(p => p.Arn != policyArn))
        {
            throw NoSuchEntity($"Policy {policyArn} does not exist or is not attachable.");
        }

        _attached[RequireRole(roleName)].Add(new ManagedPolicyRef(policyArn.Split('/')[^1], policyArn));
        return Task.CompletedTask;
    }

    public Task DetachPolicyAsync(string roleName, string policyArn, CancellationToken ct)
    {
        Fault("DetachRolePolicy");
        Writes.Add($"DetachRolePolicy {roleName} {policyArn}");
        if (_attached[RequireRole(roleName)].RemoveAll(p => p.Arn == policyArn) == 0)
        {
            throw NoSuchEntity($"Policy {policyArn} was not found.");
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListInlinePolicyNamesAsync(string roleName, CancellationToken ct)
    {
        Fault("ListRolePolicies");
        return Task.FromResult<IReadOnlyList<string>>(Inline(RequireRole(roleName)).ToList());
    }

    public Task DeleteInlinePolicyAsync(string roleName, string policyName, CancellationToken ct)
    {
        Fault("DeleteRolePolicy");
        Writes.Add($"DeleteRolePolicy {roleName} {policyName}");
        _inlineDocuments.Remove((roleName, policyName));
        return Inline(RequireRole(roleName)).Remove(policyName) ? Task.CompletedTask : throw NoSuchEntity($"Policy {policyName} was not found.");
    }

    public Task<IReadOnlyList<string>> ListInstanceProfileNamesAsync(string roleName, CancellationToken ct)
    {
        Fault("ListInstanceProfilesForRole");
        return Task.FromResult<IReadOnlyList<string>>(Profiles(RequireRole(roleName)).ToList());
    }

    public Task RemoveFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken ct)
    {
        Fault("RemoveRoleFromInstanceProfile");
        Writes.Add($"RemoveRoleFromInstanceProfile {instanceProfileName} {roleName}");
        return Profiles(RequireRole(roleName)).Remove(instanceProfileName) ? Task.CompletedTask : throw NoSuchEntity($"{instanceProfileName} was not found.");
    }

    public Task DeleteRoleAsync(string roleName, CancellationToken ct)
    {
        Fault("DeleteRole");
        Writes.Add($"DeleteRole {roleName}");
        RequireRole(roleName);
        if (AttachedTo(roleName).Count > 0 || Inline(roleName).Count > 0 || Profiles(roleName).Count > 0)
        {
            throw new AmazonServiceException("Cannot delete entity, must detach all policies first.") { ErrorCode = "DeleteConflict", StatusCode = System.Net.HttpStatusCode.Conflict };
        }

        _roles.Remove(roleName);
        return Task.CompletedTask;
    }

    public Task<ManagedPolicyRef?> GetPolicyAsync(string policyArn, CancellationToken ct)
    {
        GetPolicyCalls++;
        return Task.FromResult(AwsManagedPolicies.FirstOrDefault(p => p.Arn == policyArn));
    }

    public Task<IReadOnlyList<ManagedPolicyRef>> ListAwsManagedPoliciesAsync(CancellationToken ct)
    {
        ListPolicyCalls++;
        return Task.FromResult<IReadOnlyList<ManagedPolicyRef>>(AwsManagedPolicies);
    }

    private static AmazonServiceException NoSuchEntity(string message) =>
        new(message) { ErrorCode = "NoSuchEntity", StatusCode = System.Net.HttpStatusCode.NotFound };

    private string RequireRole(string roleName) =>
        _roles.ContainsKey(roleName) ? roleName : throw NoSuchEntity($"The role with name {roleName} cannot be found.");

    private List<string> Inline(string roleName) => _inline.TryGetValue(roleName, out var list) ? list : _inline[roleName] = [];

    private List<string> Profiles(string roleName) => _profiles.TryGetValue(roleName, out var list) ? list : _profiles[roleName] = [];

    /// <summary>Runs <paramref name="meanwhile"/> inside every call of <paramref name="operation"/>: e.g. lets time pass, as a slow answer does.</summary>
    public FakeIamApi During(string operation, Action meanwhile)
    {
        _during[operation] = meanwhile;
        return this;
    }

    private void Fault(string operation)
    {
        if (_during.TryGetValue(operation, out var meanwhile))
        {
            meanwhile();
        }

        if (_faults.TryGetValue(operation, out var queue) && queue.TryDequeue(out var fault))
        {
            var (code, message) = fault;
            Writes.Add($"{operation} -> {code}");
            throw new AmazonServiceException(message ?? $"{code} from the fake")
            {
                ErrorCode = code,
                StatusCode = code switch
                {
                    "NoSuchEntity" => System.Net.HttpStatusCode.NotFound,
                    "MalformedPolicyDocument" => System.Net.HttpStatusCode.BadRequest,
                    _ => System.Net.HttpStatusCode.Conflict,
                },
            };
        }
    }
}
