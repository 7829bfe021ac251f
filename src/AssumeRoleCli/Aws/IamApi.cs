using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;

namespace AssumeRoleCli.Aws;

/// <summary>IIamApi over our SDK-shaped <see cref="IamClient"/>.</summary>
internal sealed class IamApi : IIamApi
{
    private const int PageSize = 1000;
    private readonly IamClient _iam;

    public IamApi(IamClient iam)
    {
        _iam = iam;
    }

    public async Task<IamRole?> GetRoleAsync(string roleName, CancellationToken ct)
    {
        Role role;
        try
        {
            role = (await _iam.GetRoleAsync(new GetRoleRequest { RoleName = roleName }, ct)).Role;
        }
        catch (IamServiceException error) when (error.Is(AwsErrorCodes.NoSuchEntity))
        {
            return null;
        }

        // GetRole carries the tags on real IAM; ListRoleTags is the documented source, so ask it when none came back.
        var tags = role.Tags.Count > 0 ? ToDictionary(role.Tags) : await ListRoleTagsAsync(roleName, ct);
        return new IamRole(role.RoleName ?? roleName, role.Arn ?? "", role.AssumeRolePolicyDocument ?? "", tags)
        {
            MaxSessionDurationSeconds = role.MaxSessionDuration ?? IamRole.DefaultMaxSessionDurationSeconds,
            Description = role.Description ?? "",
            LastUsedAt = role.RoleLastUsed?.LastUsedDate is { } lastUsed ? new DateTimeOffset(lastUsed, TimeSpan.Zero) : null,
            LastUsedRegion = role.RoleLastUsed?.Region,
        };
    }

    public async Task<IamRole> CreateRoleAsync(
        string roleName, string trustPolicy, string description, int maxSessionDurationSeconds, IReadOnlyDictionary<string, string> tags, CancellationToken ct)
    {
        var request = new CreateRoleRequest
        {
            RoleName = roleName,
            AssumeRolePolicyDocument = trustPolicy,
            Description = description,
            MaxSessionDuration = maxSessionDurationSeconds,
            Tags = tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList(),
        };
        var role = (await _iam.CreateRoleAsync(request, ct)).Role;
        return new IamRole(role.RoleName ?? roleName, role.Arn ?? "", trustPolicy, tags)
        {
            MaxSessionDurationSeconds = maxSessionDurationSeconds,
            Description = description,
        };
    }

    public Task UpdateTrustPolicyAsync(string roleName, string trustPolicy, CancellationToken ct) =>
        _iam.UpdateAssumeRolePolicyAsync(new UpdateAssumeRolePolicyRequest { RoleName = roleName, PolicyDocument = trustPolicy }, ct);

    public Task UpdateRoleAsync(string roleName, string description, int maxSessionDurationSeconds, CancellationToken ct) =>
        _iam.UpdateRoleAsync(new UpdateRoleRequest { RoleName = roleName, Description = description, MaxSessionDuration = maxSessionDurationSeconds }, ct);

    public Task TagRoleAsync(string roleName, IReadOnlyDictionary<string, string> tags, CancellationToken ct) =>
        _iam.TagRoleAsync(new TagRoleRequest { RoleName = roleName, Tags = tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList() }, ct);

    public async Task<string?> GetInlinePolicyAsync(string roleName, string policyName, CancellationToken ct)
    {
        try
        {
            return (await _iam.GetRolePolicyAsync(new GetRolePolicyRequest { RoleName = roleName, PolicyName = policyName }, ct)).PolicyDocument ?? "";
        }
        catch (IamServiceException error) when (error.Is(AwsErrorCodes.NoSuchEntity))
        {
            return null;
        }
    }

    public Task PutInlinePolicyAsync(string roleName, string policyName, string policyDocument, CancellationToken ct) =>
        _iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = roleName, PolicyName = policyName, PolicyDocument = policyDocument }, ct);

    public Task<IReadOnlyList<ManagedPolicyRef>> ListAttachedPoliciesAsync(string roleName, CancellationToken ct) =>
        AllPagesAsync(
            marker => _iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = roleName, Marker = marker, MaxItems = PageSize }, ct),
            page => page.AttachedPolicies.Select(p => new ManagedPolicyRef(p.PolicyName ?? "", p.PolicyArn ?? "")));

    public Task AttachPolicyAsync(string roleName, string policyArn, CancellationToken ct) =>
        _iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = roleName, PolicyArn = policyArn }, ct);

    public Task DetachPolicyAsync(string roleName, string policyArn, CancellationToken ct) =>
        _iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = roleName, PolicyArn = policyArn }, ct);

    public Task<IReadOnlyList<string>> ListInlinePolicyNamesAsync(string roleName, CancellationToken ct) =>
        AllPagesAsync(
            marker => _iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = roleName, Marker = marker, MaxItems = PageSize }, ct),
            page => page.PolicyNames);

    public Task DeleteInlinePolicyAsync(string roleName, string policyName, CancellationToken ct) =>
        _iam.DeleteRolePolicyAsync(new DeleteRolePolicyRequest { RoleName = roleName, PolicyName = policyName }, ct);

    public Task<IReadOnlyList<string>> ListInstanceProfileNamesAsync(string roleName, CancellationToken ct) =>
        AllPagesAsync(
            marker => _iam.ListInstanceProfilesForRoleAsync(new ListInstanceProfilesForRoleRequest { RoleName = roleName, Marker = marker, MaxItems = PageSize }, ct),
            page => page.InstanceProfiles.Select(p => p.InstanceProfileName ?? ""));

    public Task RemoveFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken ct) =>
        _iam.RemoveRoleFromInstanceProfileAsync(new RemoveRoleFromInstanceProfileRequest { InstanceProfileName = instanceProfileName, RoleName = roleName }, ct);

    public Task DeleteRoleAsync(string roleName, CancellationToken ct) =>
        _iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = roleName }, ct);

    public async Task<ManagedPolicyRef?> GetPolicyAsync(string policyArn, CancellationToken ct)
    {
        try
        {
            var policy = (await _iam.GetPolicyAsync(new GetPolicyRequest { PolicyArn = policyArn }, ct)).Policy;
            return new ManagedPolicyRef(policy.PolicyName ?? "", policy.Arn ?? policyArn);
        }
        catch (IamServiceException error) when (error.Is(AwsErrorCodes.NoSuchEntity))
        {
            return null;
        }
    }

    public Task<IReadOnlyList<ManagedPolicyRef>> ListAwsManagedPoliciesAsync(CancellationToken ct) =>
        AllPagesAsync(
            marker => _iam.ListPoliciesAsync(new ListPoliciesRequest { Scope = PolicyScopeType.AWS, Marker = marker, MaxItems = PageSize }, ct),
            page => page.Policies.Select(p => new ManagedPolicyRef(p.PolicyName ?? "", p.Arn ?? "")));

    private async Task<IReadOnlyDictionary<string, string>> ListRoleTagsAsync(string roleName, CancellationToken ct) =>
        ToDictionary(await AllPagesAsync(
            marker => _iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = roleName, Marker = marker, MaxItems = PageSize }, ct),
            page => page.Tags));

    /// <summary>Follows IAM's Marker/IsTruncated paging to the end.</summary>
    private static async Task<IReadOnlyList<TItem>> AllPagesAsync<TPage, TItem>(Func<string?, Task<TPage>> fetch, Func<TPage, IEnumerable<TItem>> items)
        where TPage : IIamPagedResponse
    {
        var all = new List<TItem>();
        string? marker = null;
        do
        {
            var page = await fetch(marker);
            all.AddRange(items(page));
            marker = page.IsTruncated ? page.Marker : null;
        }
        while (marker is not null);
        return all;
    }

    private static Dictionary<string, string> ToDictionary(IEnumerable<Tag> tags) =>
        tags.Where(t => t.Key is not null).GroupBy(t => t.Key!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value ?? "", StringComparer.Ordinal);
}
