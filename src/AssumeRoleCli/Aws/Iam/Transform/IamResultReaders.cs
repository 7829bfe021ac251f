using System.Xml.Linq;
using AssumeRoleCli.Aws.Iam.Model;
using static AssumeRoleCli.Aws.Iam.Transform.IamShapeReaders;

namespace AssumeRoleCli.Aws.Iam.Transform;

/// <summary>
/// Per-operation mapping of the <c>&lt;{Action}Result&gt;</c> element (null when the operation
/// returns no result element) onto the typed response.
/// </summary>
internal static class IamResultReaders
{
    public static GetRoleResponse GetRole(XElement? r) => new() { Role = Role(r?.Element("Role")) };

    public static CreateRoleResponse CreateRole(XElement? r) => new() { Role = Role(r?.Element("Role")) };

    public static ListRoleTagsResponse ListRoleTags(XElement? r) => new()
    {
        Tags = Members(r, "Tags", Tag),
        IsTruncated = Bool(r, "IsTruncated") ?? false,
        Marker = Text(r, "Marker"),
    };

    public static ListAttachedRolePoliciesResponse ListAttachedRolePolicies(XElement? r) => new()
    {
        AttachedPolicies = Members(r, "AttachedPolicies", AttachedPolicy),
        IsTruncated = Bool(r, "IsTruncated") ?? false,
        Marker = Text(r, "Marker"),
    };

    public static ListRolePoliciesResponse ListRolePolicies(XElement? r) => new()
    {
        PolicyNames = Members(r, "PolicyNames", m => m.Value),
        IsTruncated = Bool(r, "IsTruncated") ?? false,
        Marker = Text(r, "Marker"),
    };

    public static GetRolePolicyResponse GetRolePolicy(XElement? r) => new()
    {
        RoleName = Text(r, "RoleName"),
        PolicyName = Text(r, "PolicyName"),
        PolicyDocument = PolicyDocument(r, "PolicyDocument"),
    };

    public static ListInstanceProfilesForRoleResponse ListInstanceProfilesForRole(XElement? r) => new()
    {
        InstanceProfiles = Members(r, "InstanceProfiles", p => InstanceProfile(p)),
        IsTruncated = Bool(r, "IsTruncated") ?? false,
        Marker = Text(r, "Marker"),
    };

    public static GetPolicyResponse GetPolicy(XElement? r) => new() { Policy = ManagedPolicy(r?.Element("Policy")) };

    public static ListPoliciesResponse ListPolicies(XElement? r) => new()
    {
        Policies = Members(r, "Policies", p => ManagedPolicy(p)),
        IsTruncated = Bool(r, "IsTruncated") ?? false,
        Marker = Text(r, "Marker"),
    };

    /// <summary>For operations whose response has no result element (mutations).</summary>
    public static T Empty<T>(XElement? r)
        where T : new() => new();
}
