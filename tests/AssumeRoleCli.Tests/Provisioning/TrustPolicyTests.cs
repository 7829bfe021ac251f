using System.Text.Json;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

public class TrustPolicyTests
{
    [Fact]
    public void ForAccount_LetsTheSourceAccountRootAssumeTheRole()
    {
        using var document = JsonDocument.Parse(TrustPolicy.ForAccount("aws", "111122223333"));
        var statement = Assert.Single(document.RootElement.GetProperty("Statement").EnumerateArray());

        Assert.Equal("2012-10-17", document.RootElement.GetProperty("Version").GetString());
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal("sts:AssumeRole", statement.GetProperty("Action").GetString());
        Assert.Equal("arn:aws:iam::111122223333:root", statement.GetProperty("Principal").GetProperty("AWS").GetString());
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
                               "Action": ["sts:AssumeRole"], "Effect": "Allow" } ],
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
             "Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::444455556666:root"]}}]}
            """;

        Assert.False(TrustPolicy.AreEquivalent(TrustPolicy.ForAccount("aws", "111122223333"), twoPrincipals));
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
}
