using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fixtures;
using static AssumeRoleCli.Tests.Fixtures.SimulationExpectations;

namespace AssumeRoleCli.Tests.Docs;

/// <summary>
/// docs/policies judged by an IAM policy simulator, including what moto cannot check: the iam:PolicyARN condition,
/// resource ARNs of roles not yet created, iam:TagRole on CreateRole, and the instance-profile resource.
/// </summary>
public class DocumentedPoliciesSimulationTests
{
    private const string Destination = "444455556666";
    private const string RoleName = "assume_role";
    private static readonly string Role = $"arn:aws:iam::{Destination}:role/{RoleName}";
    private static readonly string OtherRole = $"arn:aws:iam::{Destination}:role/admin";
    private static readonly string Operator = $"arn:aws:iam::{Destination}:user/operator";

    /// <summary>Every IAM action create-role and teardown make on the role (IIamApi's role operations).</summary>
    private static readonly string[] RoleActions =
    [
        "iam:GetRole", "iam:ListRoleTags", "iam:CreateRole", "iam:TagRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy",
        "iam:ListAttachedRolePolicies", "iam:DetachRolePolicy", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:PutRolePolicy",
        "iam:DeleteRolePolicy", "iam:ListInstanceProfilesForRole", "iam:DeleteRole",
    ];

    private static readonly string OperatorPolicy = DocumentedPolicies.For(DocumentedPolicies.DestinationOperator, Destination, RoleName);

    private static (SimulatedRequest, string) AsOperator(string name, string action, string resource, string expected, Dictionary<string, object>? context = null) =>
        (new SimulatedRequest(name, OperatorPolicy, action, resource, Operator, context), expected);

    [Fact]
    public async Task TheSourcePolicy_AssumesOnlyTheRole()
    {
        var source = DocumentedPolicies.For(DocumentedPolicies.Source, Destination, RoleName);
        var trust = TrustPolicy.ForAccount("aws", "111122223333");
        const string user = "arn:aws:iam::111122223333:user/source";
        await AssertDecisionsAsync(
        [
            (new SimulatedRequest("AssumeRole on the role", source, "sts:AssumeRole", Role, user, null, trust), Allowed),
            (new SimulatedRequest("AssumeRole on another role", source, "sts:AssumeRole", OtherRole, user, null, trust), ImplicitlyDenied),
            (new SimulatedRequest("SetSourceIdentity on the role", source, "sts:SetSourceIdentity", Role, user,
                new Dictionary<string, object> { ["sts:SourceIdentity"] = "alice" }, trust), Allowed),
            (new SimulatedRequest("SetSourceIdentity on another role", source, "sts:SetSourceIdentity", OtherRole, user,
                new Dictionary<string, object> { ["sts:SourceIdentity"] = "alice" }, trust), ImplicitlyDenied),
            (new SimulatedRequest("GetCallerIdentity", source, "sts:GetCallerIdentity", "*", user), Allowed),
            (new SimulatedRequest("ec2:DescribeInstances", source, "ec2:DescribeInstances", "*", user), ImplicitlyDenied),
        ]);
    }

    [Fact]
    public async Task TheOperatorPolicy_AllowsEveryCallOnTheRole_AndNothingOnOthers()
    {
        await AssertDecisionsAsync(
        [
            .. RoleActions.Select(a => AsOperator($"{a} on the role", a, Role, Allowed)),
            .. RoleActions.Select(a => AsOperator($"{a} on another role", a, OtherRole, ImplicitlyDenied)),
            AsOperator("GetPolicy", "iam:GetPolicy", "arn:aws:iam::aws:policy/AmazonEC2FullAccess", Allowed),
            AsOperator("ListPolicies", "iam:ListPolicies", "*", Allowed),
            AsOperator("RemoveRoleFromInstanceProfile", "iam:RemoveRoleFromInstanceProfile", $"arn:aws:iam::{Destination}:instance-profile/web", Allowed),
            AsOperator("GetCallerIdentity", "sts:GetCallerIdentity", "*", Allowed),
        ]);
    }

    [Fact]
    public async Task TheOperatorPolicy_AttachesOnlyTheChosenPolicies_AndPassesNoRole()
    {
        await AssertDecisionsAsync(
        [
            AsOperator("attach AmazonEC2FullAccess", "iam:AttachRolePolicy", Role, Allowed,
                new() { ["iam:PolicyARN"] = "arn:aws:iam::aws:policy/AmazonEC2FullAccess" }),
            AsOperator("attach AdministratorAccess", "iam:AttachRolePolicy", Role, ImplicitlyDenied,
                new() { ["iam:PolicyARN"] = "arn:aws:iam::aws:policy/AdministratorAccess" }),
            AsOperator("attach AmazonEC2FullAccess to another role", "iam:AttachRolePolicy", OtherRole, ImplicitlyDenied,
                new() { ["iam:PolicyARN"] = "arn:aws:iam::aws:policy/AmazonEC2FullAccess" }),
            AsOperator("PassRole", "iam:PassRole", Role, ImplicitlyDenied),
            AsOperator("CreateUser", "iam:CreateUser", $"arn:aws:iam::{Destination}:user/x", ImplicitlyDenied),
            AsOperator("PutUserPolicy", "iam:PutUserPolicy", Operator, ImplicitlyDenied),
        ]);
    }
}
