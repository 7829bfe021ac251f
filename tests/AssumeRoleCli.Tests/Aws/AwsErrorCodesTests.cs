using System.Net;
using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Aws;

public class AwsErrorCodesTests
{
    [Fact]
    public void Describe_GivesTheCodeTheMessageAndWhatToDo_OnOneLine()
    {
        var error = new AmazonServiceException("The image id '[ami-1]' does not exist\nsecond line") { ErrorCode = "InvalidAMIID.NotFound" };

        var line = AwsErrorCodes.Describe(error);

        Assert.StartsWith("AWS error InvalidAMIID.NotFound: The image id '[ami-1]' does not exist second line", line, StringComparison.Ordinal);
        Assert.Contains("--ami", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void Describe_WithoutACode_UsesTheHttpStatus()
    {
        var error = new AmazonServiceException("boom", null, HttpStatusCode.BadGateway);

        Assert.StartsWith("AWS error HTTP 502: boom", AwsErrorCodes.Describe(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UnauthorizedOperation", true)]
    [InlineData("AccessDenied", true)]
    [InlineData("InvalidAMIID.NotFound", false)]
    public void NotAuthorized(string code, bool expected) =>
        Assert.Equal(expected, new AmazonServiceException("x") { ErrorCode = code }.IsIn(AwsErrorCodes.NotAuthorized));

    [Theory]
    [InlineData("AccessDenied", true)]
    [InlineData("InvalidClientTokenId", true)]
    [InlineData("ExpiredToken", true)]
    [InlineData("NoSuchEntity", true)]
    [InlineData("Throttling", false)]
    [InlineData("InternalFailure", false)]
    public void RoleUnusable_IsAboutTheCredentials_NotAboutAwsBeingUnwell(string code, bool expected) =>
        Assert.Equal(expected, new AmazonServiceException("x") { ErrorCode = code }.IsIn(AwsErrorCodes.RoleUnusable));

    [Fact]
    public void RoleNotAuthorized_SaysUnauthorizedOperationAndWhatAwsSaid()
    {
        var error = new RoleNotAuthorizedException(
            RoleArn.For("aws", "111122223333", "r"), "launch instances", new AmazonServiceException("not allowed") { ErrorCode = "AccessDenied" });

        Assert.Contains("UnauthorizedOperation", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS said AccessDenied: not allowed", error.Message, StringComparison.Ordinal);
        Assert.Contains("AmazonEC2FullAccess", error.Message, StringComparison.Ordinal);
    }
}
