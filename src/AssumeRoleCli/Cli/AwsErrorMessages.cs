using Amazon.Runtime;

namespace AssumeRoleCli.Cli;

/// <summary>Turns an AWS error into the one line a user sees: the AWS error code, what it said, and what to do.</summary>
public static class AwsErrorMessages
{
    public static string Describe(AmazonServiceException error)
    {
        var code = string.IsNullOrEmpty(error.ErrorCode) ? $"HTTP {(int)error.StatusCode}" : error.ErrorCode;
        var message = OneLine(error.Message);
        var hint = Hint(code);
        return hint is null ? $"AWS error {code}: {message}" : $"AWS error {code}: {message} ({hint})";
    }

    /// <summary>EC2 says UnauthorizedOperation; some emulators say AccessDenied. Both mean the role may not do it.</summary>
    public static bool IsAuthorizationFailure(AmazonServiceException error) =>
        error.ErrorCode is "UnauthorizedOperation" or "AccessDenied" or "AccessDeniedException";

    public static CliException RoleNotAuthorized(AmazonServiceException error, string roleArn, string action) => new(
        $"Not authorized (UnauthorizedOperation): {roleArn} may not {action}. Attach a policy that allows it, such as " +
        $"AmazonEC2FullAccess (assumerole create-role --policy-name AmazonEC2FullAccess). AWS said {error.ErrorCode}: {OneLine(error.Message)}",
        ExitCodes.Failure,
        error);

    public static string Describe(AmazonClientException error) =>
        $"Could not reach AWS: {OneLine(error.Message)}";

    private static string? Hint(string code) => code switch
    {
        "UnauthorizedOperation" => "the assumed role is not allowed to do this in EC2; attach a policy such as AmazonEC2FullAccess to it",
        "InvalidClientTokenId" or "SignatureDoesNotMatch" or "AuthFailure" => "check the access key and secret key of the profile",
        "ExpiredToken" or "ExpiredTokenException" or "RequestExpired" => "the credentials have expired; refresh the profile's session",
        "AccessDenied" or "AccessDeniedException" => "the caller lacks the IAM permission for this call",
        "InvalidAMIID.NotFound" or "InvalidAMIID.Malformed" => "pass --ami with an AMI that exists in this region",
        "InvalidSubnetID.NotFound" => "pass --subnet-id of a subnet in the destination account and region",
        "InvalidGroup.NotFound" => "pass --security-group-id of a group in the destination account and region",
        "InvalidKeyPair.NotFound" => "pass --key-name of a key pair in the destination account and region",
        "Throttling" or "ThrottlingException" or "RequestLimitExceeded" => "AWS is throttling; retry in a minute",
        "NoSuchEntity" => "the IAM entity does not exist",
        _ => null,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
