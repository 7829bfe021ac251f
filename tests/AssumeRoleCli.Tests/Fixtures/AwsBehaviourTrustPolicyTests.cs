using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>The proxy's trust-policy evaluator on its own: the IAM rules it follows beyond the SDK-level cases.</summary>
public sealed class AwsBehaviourTrustPolicyTests
{
    private const string Root = "\"arn:aws:iam::111111111111:root\"";
    private static readonly CallerIdentity User = new("arn:aws:iam::111111111111:user/source-user");

    [Theory]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:*"}""", null, false, true)]
    [InlineData("""{"Effect":"Allow","Principal":"*","Action":"STS:assumerole"}""", null, false, true)]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":ROOT},"Action":"s3:*"}""", null, false, false)]
    [InlineData("""{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}""", null, false, false)]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/source-user"},"Action":"sts:AssumeRole"}""", null, false, false)]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":ROOT},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:ExternalId":"ext-*"}}}""", "ext-9", false, true)]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":ROOT},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:ExternalId":"ext-*"}}}""", "EXT-9", false, false)]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":ROOT},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":["a","b"]}}}""", "b", false, true)]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":ROOT},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}""", null, false, false)]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":ROOT},"Action":"sts:AssumeRole","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}""", null, false, true)]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":ROOT},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":true}}}""", null, true, true)]
    [InlineData("""{"Effect":"Allow","Principal":{"AWS":ROOT},"Action":"sts:AssumeRole","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}}""", null, true, false)]
    public void Allows_FollowsIamsEvaluationRules(string statement, string? externalId, bool mfa, bool expected)
    {
        var policy = """{"Version":"2012-10-17","Statement":""" + statement.Replace("ROOT", Root, StringComparison.Ordinal) + "}";

        Assert.Equal(expected, TrustPolicy.Allows(policy, new AssumeRoleAttempt(User, externalId, mfa)));
    }

    [Fact]
    public void Allows_MatchesARolePrincipalToThatRolesSessions_AndLetsAnExplicitDenyWin()
    {
        var session = new CallerIdentity("arn:aws:sts::111111111111:assumed-role/hop/session-1");
        var trustsHop = """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/team/hop"},"Action":"sts:AssumeRole"}]}""";
        var denied = """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"},""" +
            """{"Effect":"Deny","Principal":{"AWS":"arn:aws:sts::111111111111:assumed-role/hop/session-1"},"Action":"*"}]}""";

        Assert.True(TrustPolicy.Allows(trustsHop, new AssumeRoleAttempt(session, null, false)));
        Assert.False(TrustPolicy.Allows(trustsHop, new AssumeRoleAttempt(User, null, false)));
        Assert.False(TrustPolicy.Allows(denied, new AssumeRoleAttempt(session, null, false)));
        Assert.True(TrustPolicy.Allows(denied, new AssumeRoleAttempt(User, null, false)));
    }

    /// <summary>AWS checks an AssumeRole with a SourceIdentity against the trust as sts:SetSourceIdentity too.</summary>
    [Fact]
    public void ASourceIdentity_NeedsSetSourceIdentityInTheTrust()
    {
        var assumeOnly = """{"Statement":[{"Effect":"Allow","Principal":{"AWS":ROOT},"Action":"sts:AssumeRole"}]}""".Replace("ROOT", Root, StringComparison.Ordinal);
        var both = """{"Statement":[{"Effect":"Allow","Principal":{"AWS":ROOT},"Action":["sts:AssumeRole","sts:SetSourceIdentity"],"Condition":{"StringLike":{"sts:SourceIdentity":"*@example.com"}}}]}""";
        both = both.Replace("ROOT", Root, StringComparison.Ordinal);

        Assert.Null(TrustPolicy.RefusedAction(assumeOnly, new AssumeRoleAttempt(User, null, false)));
        Assert.Equal("sts:SetSourceIdentity", TrustPolicy.RefusedAction(assumeOnly, new AssumeRoleAttempt(User, null, false, "alice@example.com")));
        Assert.Null(TrustPolicy.RefusedAction(both, new AssumeRoleAttempt(User, null, false, "alice@example.com")));
        Assert.False(TrustPolicy.Allows(both, new AssumeRoleAttempt(User, null, false, "mallory@elsewhere.org")));
    }
}
