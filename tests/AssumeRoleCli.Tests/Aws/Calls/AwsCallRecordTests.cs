using AssumeRoleCli.Aws.Calls;

namespace AssumeRoleCli.Tests.Aws.Calls;

public class AwsCallRecordTests
{
    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "AKIA...MPLE")]
    [InlineData("ASIAQWERTYUIOPASDFGH", "ASIA...DFGH")]
    [InlineData("AKIAFAKE", "AKIA...")]
    public void AccessKeyIds_AreMaskedToTheirFirstAndLastFour(string id, string masked) =>
        Assert.Equal(masked, AwsCallRecord.MaskAccessKeyId(id));

    [Theory]
    [InlineData("arn:aws:sts::210987654321:assumed-role/assume_role/assumerole-cli", "assume_role in 210987654321")]
    [InlineData("arn:aws:iam::111111111111:user/team/alice", "alice in 111111111111")]
    [InlineData("arn:aws:iam::111111111111:root", "root in 111111111111")]
    [InlineData("not an arn", null)]
    public void Identities_AreNamedFromStsArns(string arn, string? identity) =>
        Assert.Equal(identity, AwsCallRecord.IdentityFromArn(arn));
}
