using Amazon.Runtime;
using AssumeRoleCli.Aws.Calls;

namespace AssumeRoleCli.Tests.Aws.Calls;

public class AwsCallLogTests
{
    private static readonly AwsCallRecord Denied = new(
        "iam", "CreateRole", "us-east-1", "profile destination", "AKIA...MPLE", 1, 403, TimeSpan.FromMilliseconds(12), "req-1", "AccessDenied", null);

    [Fact]
    public void AFailure_IsFoundThroughAnyWrapper_AndOnlyThen()
    {
        var calls = new AwsCallLog();
        var denied = new AmazonServiceException("denied");
        calls.Failed(denied, Denied);

        Assert.Same(Denied, calls.FailedCallOf(denied));
        Assert.Same(Denied, calls.FailedCallOf(new InvalidOperationException("wrapper", denied)));
        Assert.Null(calls.FailedCallOf(new InvalidOperationException("unrelated")));
    }

    [Fact]
    public void Listeners_HearEveryAttempt_UntilTheyStop()
    {
        var calls = new AwsCallLog();
        var heard = new List<AwsCallRecord>();

        using (calls.Listen(heard.Add))
        {
            calls.Completed(Denied with { ErrorCode = null, HttpStatus = 200 });
            calls.Failed(new AmazonServiceException("denied"), Denied);
        }

        calls.Completed(Denied);
        Assert.Equal([200, 403], heard.Select(c => c.HttpStatus));
    }

    [Fact]
    public void Identities_AreLearntPerAccessKey_FromStsArns()
    {
        var calls = new AwsCallLog();

        calls.LearnIdentity("ASIAQWERTYUIOPASDFGH", "arn:aws:sts::222222222222:assumed-role/assume_role/assumerole-cli");
        calls.LearnIdentity("AKIAIGNORED000000000", "not an arn");

        Assert.Equal("assume_role in 222222222222", calls.IdentityOf("ASIAQWERTYUIOPASDFGH"));
        Assert.Null(calls.IdentityOf("AKIAIGNORED000000000"));
        Assert.Null(calls.IdentityOf(null));
    }
}
