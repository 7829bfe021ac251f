using System.Net;
using Amazon.Runtime;
using AssumeRoleCli.Aws.Calls;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Tests.Cli;

public class ErrorReportTests
{
    private static AwsCallRecord Call(int attempt) => new(
        "ec2", "RunInstances", "us-east-2", "assume_role in 210987654321", "ASIA...WXYZ", attempt, 503, TimeSpan.FromMilliseconds(80), "req-1", "ServiceUnavailable", null);

    private static ErrorReport ReportOf(Exception failure, AwsCallRecord? call)
    {
        var calls = new AwsCallLog();
        if (call is not null)
        {
            calls.Failed(failure, call);
        }

        return ErrorReport.Of(failure, calls, interrupted: false, "(see 'assumerole launch-instance --help')");
    }

    [Fact]
    public void AnUnusableProfile_IsItsOwnLine_AndExit1()
    {
        var report = ReportOf(new AwsConfigurationException("Profile 'ci' has aws_access_key_id but no aws_secret_access_key."), call: null);

        Assert.Equal(new ErrorReport(ExitCodes.Failure, "Profile 'ci' has aws_access_key_id but no aws_secret_access_key."), report);
    }

    [Fact]
    public void ABadRegionName_IsAUsageError_PointingAtHelp()
    {
        var report = ReportOf(new InvalidRegionNameException("'mars' is not an AWS region name (for example us-east-1)."), call: null);

        Assert.Equal(
            new ErrorReport(ExitCodes.Usage, "'mars' is not an AWS region name (for example us-east-1). (see 'assumerole launch-instance --help')"), report);
    }

    [Fact]
    public void AnAwsError_NamesTheOperationIdentityRegion_AndTheRetries()
    {
        var failure = new AmazonServiceException("Service Unavailable", ErrorType.Receiver, "ServiceUnavailable", "req-1", HttpStatusCode.ServiceUnavailable);

        var report = ReportOf(failure, Call(attempt: 3));

        Assert.Equal(ExitCodes.Failure, report.ExitCode);
        Assert.Equal(
            "ec2:RunInstances as assume_role in 210987654321 (us-east-2): AWS error ServiceUnavailable: Service Unavailable after 3 attempts; rerun to continue",
            report.Message);
    }

    [Fact]
    public void AnAwsErrorOnTheFirstAttempt_KeepsItsHint_AndSaysNothingOfRetries()
    {
        var failure = new AmazonServiceException("You are not authorized.", ErrorType.Sender, "UnauthorizedOperation", "req-2", HttpStatusCode.Forbidden);

        var report = ReportOf(failure, Call(attempt: 1));

        Assert.StartsWith("ec2:RunInstances as assume_role in 210987654321 (us-east-2): AWS error UnauthorizedOperation: You are not authorized. (", report.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("attempts", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANetworkFailureInsideACall_SaysWhichCall_WithoutTypeNamesOrInnerExceptionTalk()
    {
        var failure = new AmazonClientException("An error occurred. See the inner exception for details.", new HttpRequestException("Connection refused (127.0.0.1:9)"));

        var report = ReportOf(failure, Call(attempt: 4) with { HttpStatus = null, ErrorCode = null });

        Assert.StartsWith("ec2:RunInstances as assume_role in 210987654321 (us-east-2): Could not reach AWS after 4 attempts: Connection refused (127.0.0.1:9) (check the network", report.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", report.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("inner exception", report.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ABug_IsOneLineWithoutATypeName()
    {
        var report = ReportOf(new InvalidOperationException("Sequence contains no elements"), call: null);

        Assert.True(report.IsBug);
        Assert.Equal("unexpected failure: Sequence contains no elements (a bug; rerun with --verbose for details)", report.Message);
    }

    [Fact]
    public void CtrlCAtTheQuestion_IsAnInterruptionThatChangedNothing()
    {
        var report = ErrorReport.Of(new ApprovalInterruptedException(CancellationToken.None), new AwsCallLog(), interrupted: true, "");

        Assert.Equal((ExitCodes.Interrupted, "Interrupted: nothing was changed.", false), (report.ExitCode, report.Message, report.IsError));
    }

    [Theory]
    [InlineData(false, "Interrupted: nothing was changed.")]
    [InlineData(true, "Interrupted: stopped waiting; the state file keeps what was created.")]
    public void CtrlC_BeforeThePlanIsApproved_SaysNothingWasChanged(bool approved, string expected)
    {
        var report = ErrorReport.Of(new OperationCanceledException(), new AssumeRoleCli.Aws.Calls.AwsCallLog(), interrupted: true, "(see help)", approved);

        Assert.Equal((ExitCodes.Interrupted, expected, false), (report.ExitCode, report.Message, report.IsError));
    }
}
