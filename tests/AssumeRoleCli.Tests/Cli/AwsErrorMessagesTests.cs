using System.Net;
using Amazon.Runtime;
using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Tests.Cli;

public class AwsErrorMessagesTests
{
    [Fact]
    public void Describe_GivesTheCodeTheMessageAndWhatToDo_OnOneLine()
    {
        var error = new AmazonServiceException("The image id '[ami-1]' does not exist\nsecond line") { ErrorCode = "InvalidAMIID.NotFound" };

        var line = AwsErrorMessages.Describe(error);

        Assert.StartsWith("AWS error InvalidAMIID.NotFound: The image id '[ami-1]' does not exist second line", line, StringComparison.Ordinal);
        Assert.Contains("--ami", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void Describe_WithoutACode_UsesTheHttpStatus()
    {
        var error = new AmazonServiceException("boom", null, HttpStatusCode.BadGateway);

        Assert.StartsWith("AWS error HTTP 502: boom", AwsErrorMessages.Describe(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UnauthorizedOperation", true)]
    [InlineData("AccessDenied", true)]
    [InlineData("InvalidAMIID.NotFound", false)]
    public void IsAuthorizationFailure(string code, bool expected) =>
        Assert.Equal(expected, AwsErrorMessages.IsAuthorizationFailure(new AmazonServiceException("x") { ErrorCode = code }));

    [Fact]
    public void RoleNotAuthorized_SaysUnauthorizedOperationAndWhatAwsSaid()
    {
        var error = AwsErrorMessages.RoleNotAuthorized(new AmazonServiceException("not allowed") { ErrorCode = "AccessDenied" }, "arn:aws:iam::1:role/r", "launch instances");

        Assert.Equal(ExitCodes.Failure, error.ExitCode);
        Assert.Contains("UnauthorizedOperation", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS said AccessDenied: not allowed", error.Message, StringComparison.Ordinal);
        Assert.Contains("AmazonEC2FullAccess", error.Message, StringComparison.Ordinal);
    }
}
