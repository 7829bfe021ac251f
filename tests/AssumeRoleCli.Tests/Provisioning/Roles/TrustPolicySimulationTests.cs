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
    private const string CallerMayAssume = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""";

    private static (SimulatedRequest, string) Case(string name, TrustSpec trust, string caller, Dictionary<string, object> context, string expected) =>
        (new SimulatedRequest(name, CallerMayAssume, "sts:AssumeRole", Role, caller, context, TrustPolicy.For(trust)), expected);

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
}
