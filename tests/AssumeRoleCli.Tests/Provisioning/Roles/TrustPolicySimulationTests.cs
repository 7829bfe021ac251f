using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fixtures;
using static AssumeRoleCli.Tests.Fixtures.SimulationExpectations;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>
/// The trust policies create-role writes, judged by an IAM policy simulator as AWS judges a cross-account
/// sts:AssumeRole (the caller's own policy allows it; the role's trust policy must too). moto does not evaluate trust
/// across accounts, nor the MFA condition at all.
/// </summary>
public class TrustPolicySimulationTests
{
    private const string SourceAccount = "111122223333";
    private const string Role = "arn:aws:iam::444455556666:role/assume_role";
    private const string Ci = "arn:aws:iam::111122223333:user/ci";
    private const string Secret = "Partner-42:shared";
    private const string CallerMayAssume = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:SetSourceIdentity","sts:TagSession"],"Resource":"*"}]}""";

    private static (SimulatedRequest, string) Case(string name, TrustSpec trust, string caller, Dictionary<string, object> context, string expected, string action = "sts:AssumeRole") =>
        (new SimulatedRequest(name, CallerMayAssume, action, Role, caller, context, TrustPolicy.For(trust)), expected);

    [Fact]
    public async Task TheTutorialsTrust_LetsAnyoneOfTheSourceAccountIn_AndNoOneElse()
    {
        var trust = TrustSpec.ForAccount("aws", SourceAccount);
        await AssertDecisionsAsync(
        [
            Case("a user of the source account", trust, Ci, [], Allowed),
            Case("a role session of the source account", trust, $"arn:aws:sts::{SourceAccount}:assumed-role/deployer/s", [], Allowed),
            Case("a user of another account", trust, "arn:aws:iam::999988887777:user/ci", [], ImplicitlyDenied),
        ]);
    }

    [Fact]
    public async Task ATrustedPrincipalWithExternalIdAndMfa_NeedsAllThree()
    {
        var trust = new TrustSpec([Ci], Secret, RequireMfa: true);
        Dictionary<string, object> both = new() { ["sts:ExternalId"] = Secret, ["aws:MultiFactorAuthPresent"] = "true" };
        await AssertDecisionsAsync(
        [
            Case("the trusted user, with the id and MFA", trust, Ci, both, Allowed),
            Case("another user of the source account", trust, "arn:aws:iam::111122223333:user/someone", both, ImplicitlyDenied),
            Case("without the external id", trust, Ci, new() { ["aws:MultiFactorAuthPresent"] = "true" }, ImplicitlyDenied),
            Case("with another external id", trust, Ci, new(both) { ["sts:ExternalId"] = "Partner-42:guess" }, ImplicitlyDenied),
            Case("without MFA", trust, Ci, new(both) { ["aws:MultiFactorAuthPresent"] = "false" }, ImplicitlyDenied),
            Case("a trusted role's session", new TrustSpec(["arn:aws:iam::111122223333:role/deployer"]), $"arn:aws:sts::{SourceAccount}:assumed-role/deployer/s", [], Allowed),
        ]);
    }

    /// <summary>
    /// AssumeRole with --source-identity is also judged as sts:SetSourceIdentity (and session tags as sts:TagSession)
    /// against the trust: allowed to exactly whom sts:AssumeRole is, with MFA where it needs MFA. The external id is
    /// AssumeRole's condition alone (the simulator, as AWS's service reference, gives sts:ExternalId to no other
    /// action): without it the AssumeRole these actions belong to is refused.
    /// </summary>
    [Fact]
    public async Task SettingASourceIdentity_AndTaggingTheSession_AreAllowedOnTheSameTermsAsAssumeRole()
    {
        var account = TrustSpec.ForAccount("aws", SourceAccount);
        var guarded = new TrustSpec([Ci], Secret, RequireMfa: true);
        Dictionary<string, object> alice = new() { ["sts:SourceIdentity"] = "alice@example.com" };
        Dictionary<string, object> both = new(alice) { ["sts:ExternalId"] = Secret, ["aws:MultiFactorAuthPresent"] = "true" };
        await AssertDecisionsAsync(
        [
            Case("SetSourceIdentity, a user of the source account", account, Ci, alice, Allowed, "sts:SetSourceIdentity"),
            Case("TagSession, a user of the source account", account, Ci, [], Allowed, "sts:TagSession"),
            Case("SetSourceIdentity, a user of another account", account, "arn:aws:iam::999988887777:user/ci", alice, ImplicitlyDenied, "sts:SetSourceIdentity"),
            Case("TagSession, a user of another account", account, "arn:aws:iam::999988887777:user/ci", [], ImplicitlyDenied, "sts:TagSession"),
            Case("SetSourceIdentity, the trusted user with the id and MFA", guarded, Ci, both, Allowed, "sts:SetSourceIdentity"),
            Case("SetSourceIdentity, the trusted user with MFA, no external id in its context", guarded, Ci, new(alice) { ["aws:MultiFactorAuthPresent"] = "true" }, Allowed, "sts:SetSourceIdentity"),
            Case("AssumeRole with the source identity, without the external id", guarded, Ci, new(both) { ["sts:ExternalId"] = "Partner-42:guess" }, ImplicitlyDenied),
            Case("SetSourceIdentity, without MFA", guarded, Ci, new(both) { ["aws:MultiFactorAuthPresent"] = "false" }, ImplicitlyDenied, "sts:SetSourceIdentity"),
            Case("SetSourceIdentity, another user of the source account", guarded, "arn:aws:iam::111122223333:user/someone", both, ImplicitlyDenied, "sts:SetSourceIdentity"),
        ]);
    }
}
