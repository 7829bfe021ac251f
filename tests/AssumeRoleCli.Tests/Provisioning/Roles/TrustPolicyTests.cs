using System.Text.Json;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

public class TrustPolicyTests
{
    [Fact]
    public void ForAccount_LetsTheSourceAccountRootAssumeTheRole()
    {
        using var document = JsonDocument.Parse(TrustPolicy.ForAccount("aws", "111122223333"));
        var statement = document.RootElement.GetProperty("Statement")[0];

        Assert.Equal("2012-10-17", document.RootElement.GetProperty("Version").GetString());
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal("sts:AssumeRole", statement.GetProperty("Action").GetString());
        Assert.Equal("arn:aws:iam::111122223333:root", statement.GetProperty("Principal").GetProperty("AWS").GetString());
    }

    /// <summary>
    /// AWS judges an AssumeRole with a SourceIdentity (or session tags) against the trust as these actions too: the same
    /// principals may, on the same terms except the external id, a key AWS gives to sts:AssumeRole only.
    /// </summary>
    [Fact]
    public void TheTrust_AlsoAllowsSettingASourceIdentityAndTaggingTheSession_ToTheSamePrincipals()
    {
        var trust = new TrustSpec(["arn:aws:iam::111122223333:user/ci"], "ext-1", RequireMfa: true);
        using var document = JsonDocument.Parse(TrustPolicy.For(trust));
        var statements = document.RootElement.GetProperty("Statement").EnumerateArray().ToList();

        Assert.Equal(2, statements.Count);
        var (assume, session) = (statements[0], statements[1]);
        Assert.Equal("sts:AssumeRole", assume.GetProperty("Action").GetString());
        Assert.Equal(["sts:SetSourceIdentity", "sts:TagSession"], session.GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        Assert.All(statements, s => Assert.Equal(("Allow", "arn:aws:iam::111122223333:user/ci"), (s.GetProperty("Effect").GetString(), s.GetProperty("Principal").GetProperty("AWS").GetString())));
        Assert.Equal("ext-1", assume.GetProperty("Condition").GetProperty("StringEquals").GetProperty("sts:ExternalId").GetString());
        Assert.All(statements, s => Assert.Equal("true", s.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:MultiFactorAuthPresent").GetString()));
        Assert.False(session.GetProperty("Condition").TryGetProperty("StringEquals", out _));
    }

    [Fact]
    public void ForAccount_UsesThePartition()
    {
        Assert.Contains("arn:aws-cn:iam::111122223333:root", TrustPolicy.ForAccount("aws-cn", "111122223333"), StringComparison.Ordinal);
    }

    [Fact]
    public void AreEquivalent_IgnoresKeyOrderWhitespaceAndSingleElementArrays()
    {
        var ours = TrustPolicy.ForAccount("aws", "111122223333");
        const string rewritten = """
            { "Statement": [ { "Principal": { "AWS": ["arn:aws:iam::111122223333:root"] },
                               "Action": ["sts:AssumeRole"], "Effect": "Allow" },
                             { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
                               "Action": ["sts:SetSourceIdentity", "sts:TagSession"] } ],
              "Version": "2012-10-17" }
            """;

        Assert.True(TrustPolicy.AreEquivalent(ours, rewritten));
    }

    [Fact]
    public void AreEquivalent_SeesADifferentAccount()
    {
        Assert.False(TrustPolicy.AreEquivalent(TrustPolicy.ForAccount("aws", "111122223333"), TrustPolicy.ForAccount("aws", "444455556666")));
    }

    [Fact]
    public void AreEquivalent_SeesAnExtraPrincipal()
    {
        const string twoPrincipals = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
             "Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::444455556666:root"]}},
             {"Effect":"Allow","Action":["sts:SetSourceIdentity","sts:TagSession"],"Principal":{"AWS":"arn:aws:iam::111122223333:root"}}]}
            """;

        Assert.False(TrustPolicy.AreEquivalent(TrustPolicy.ForAccount("aws", "111122223333"), twoPrincipals));
    }

    /// <summary>A role made before the trust allowed sts:SetSourceIdentity: create-role plans it as an update.</summary>
    [Fact]
    public void AreEquivalent_SeesATrustThatAllowsOnlyAssumeRole()
    {
        const string assumeOnly = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::111122223333:root"}}]}
            """;

        Assert.False(TrustPolicy.AreEquivalent(TrustPolicy.ForAccount("aws", "111122223333"), assumeOnly));
    }

    [Fact]
    public void Principals_AreThoseOfAllowStatements_OfEveryType_OnceEach()
    {
        const string policy = """
            {"Statement":[
              {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","444455556666"],"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},
              {"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:TagSession"},
              {"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole"}]}
            """;

        Assert.Equal(["arn:aws:iam::111122223333:root", "444455556666", "ec2.amazonaws.com"], TrustPolicy.Principals(policy));
        Assert.Equal(["*"], TrustPolicy.Principals("""{"Statement":{"Effect":"Allow","Principal":"*"}}"""));
        Assert.Empty(TrustPolicy.Principals("not json"));
    }

    private const string User = "arn:aws:iam::111122223333:user/ci";
    private const string Role = "arn:aws:iam::111122223333:role/deployer";

    [Fact]
    public void OneTrustedPrincipal_IsWrittenAsAString_InsteadOfTheRoot()
    {
        using var document = JsonDocument.Parse(TrustPolicy.For(new TrustSpec([User])));

        Assert.All(document.RootElement.GetProperty("Statement").EnumerateArray(), statement =>
        {
            Assert.Equal(User, statement.GetProperty("Principal").GetProperty("AWS").GetString());
            Assert.False(statement.TryGetProperty("Condition", out _));
        });
    }

    [Fact]
    public void SeveralTrustedPrincipals_AreOneSortedListWithoutDuplicates()
    {
        using var document = JsonDocument.Parse(TrustPolicy.For(new TrustSpec([User, Role, User])));
        var principals = document.RootElement.GetProperty("Statement")[0].GetProperty("Principal").GetProperty("AWS");

        Assert.Equal([Role, User], principals.EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public void AnExternalId_IsAStringEqualsConditionOnStsExternalId()
    {
        using var document = JsonDocument.Parse(TrustPolicy.For(new TrustSpec([User], ExternalId: "shared-secret-1")));
        var condition = document.RootElement.GetProperty("Statement")[0].GetProperty("Condition");

        Assert.Equal("shared-secret-1", condition.GetProperty("StringEquals").GetProperty("sts:ExternalId").GetString());
        Assert.False(condition.TryGetProperty("Bool", out _));
    }

    [Fact]
    public void RequireMfa_IsABoolConditionOnMultiFactorAuthPresent()
    {
        using var document = JsonDocument.Parse(TrustPolicy.For(new TrustSpec([User], RequireMfa: true)));
        var condition = document.RootElement.GetProperty("Statement")[0].GetProperty("Condition");

        Assert.Equal("true", condition.GetProperty("Bool").GetProperty("aws:MultiFactorAuthPresent").GetString());
        Assert.False(condition.TryGetProperty("StringEquals", out _));
    }

    [Fact]
    public void ExternalIdAndMfa_AreBothConditionsOfTheAssumeRoleStatement()
    {
        using var document = JsonDocument.Parse(TrustPolicy.For(new TrustSpec([User], "shared-secret-1", RequireMfa: true)));
        var condition = document.RootElement.GetProperty("Statement")[0].GetProperty("Condition");

        Assert.Equal(["StringEquals", "Bool"], condition.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Redacted_HidesTheExternalIdAndKeepsEverythingElse()
    {
        var document = TrustPolicy.For(new TrustSpec([User], "shared-secret-1", RequireMfa: true));

        var shown = TrustPolicy.Redacted(document);

        Assert.DoesNotContain("shared-secret-1", shown, StringComparison.Ordinal);
        Assert.True(TrustPolicy.AreEquivalent(TrustPolicy.For(new TrustSpec([User], TrustPolicy.SensitiveValue, RequireMfa: true)), shown), shown);
    }

    [Fact]
    public void Redacted_FindsTheKeyInAnyCaseAndAnyOperator_AsIamTreatsConditionKeys()
    {
        const string document = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole",
             "Condition":{"StringLike":{"STS:EXTERNALID":["one-secret","two-secret"]}}}]}
            """;

        var shown = TrustPolicy.Redacted(document);

        Assert.DoesNotContain("secret", shown, StringComparison.Ordinal);
        Assert.Contains("arn:aws:iam::111122223333:root", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Redacted_ShowsNothingOfADocumentItCannotRead()
    {
        Assert.Equal(TrustPolicy.SensitiveValue, TrustPolicy.Redacted("{\"sts:ExternalId\": \"secret\""));
    }

    [Fact]
    public void TrustSpecText_NeverShowsTheExternalId()
    {
        var text = new TrustSpec([User], "shared-secret-1").ToString();

        Assert.DoesNotContain("shared-secret-1", text, StringComparison.Ordinal);
        Assert.Contains(TrustPolicy.SensitiveValue, text, StringComparison.Ordinal);
    }

    [Fact]
    public void ForSource_WithoutPrincipals_TrustsTheSourceAccountRoot()
    {
        var trust = TrustSpec.ForSource("aws", "111122223333", [], null, requireMfa: false);

        Assert.Equal(["arn:aws:iam::111122223333:root"], trust.Principals);
    }

    [Theory]
    [InlineData("arn:aws:iam::444455556666:user/ci")]
    [InlineData("arn:aws-cn:iam::111122223333:user/ci")]
    public void ForSource_RefusesAPrincipalOutsideTheSourceAccount(string principal)
    {
        var error = Assert.Throws<CliException>(() => TrustSpec.ForSource("aws", "111122223333", [principal], null, requireMfa: false));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains(principal, error.Message, StringComparison.Ordinal);
    }
}
