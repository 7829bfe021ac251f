using AssumeRoleCli.Aws.Calls;
using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Tests.Cli;

public class AwsCallTraceTests
{
    [Fact]
    public void Format_IsOneLineWithServiceOperationStatusTimeRequestAttemptAndIdentity()
    {
        var call = new AwsCallRecord("sts", "AssumeRole", "us-east-1", "alice in 111111111111", "AKIA...MPLE", 2, 200, TimeSpan.FromMilliseconds(153.7), "req-9", null, null);

        Assert.Equal(
            "[debug] aws sts:AssumeRole status=200 ms=153 request_id=req-9 attempt=2 identity=\"alice in 111111111111\" key=AKIA...MPLE",
            AwsCallTrace.Format(call));
    }

    [Fact]
    public void Format_SaysWhatFailed()
    {
        var refused = new AwsCallRecord("ec2", "DescribeImages", "us-east-1", "profile source", null, 1, null, TimeSpan.Zero, null, null, "Connection refused\n(127.0.0.1:9)");
        var denied = refused with { HttpStatus = 403, ErrorCode = "UnauthorizedOperation", Failure = null };

        Assert.EndsWith("status=none ms=0 request_id=none attempt=1 identity=\"profile source\" key=none error=\"Connection refused (127.0.0.1:9)\"", AwsCallTrace.Format(refused), StringComparison.Ordinal);
        Assert.EndsWith("status=403 ms=0 request_id=none attempt=1 identity=\"profile source\" key=none error=UnauthorizedOperation", AwsCallTrace.Format(denied), StringComparison.Ordinal);
    }
}
