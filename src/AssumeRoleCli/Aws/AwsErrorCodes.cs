using System.Collections.Frozen;
using Amazon.Runtime;

namespace AssumeRoleCli.Aws;

/// <summary>
/// Everything this tool knows about AWS error codes, in one place: named codes, the sets a decision is made on, and
/// the one line a user sees for an AWS error.
/// </summary>
public static class AwsErrorCodes
{
    public const string NoSuchEntity = "NoSuchEntity";
    public const string DeleteConflict = "DeleteConflict";
    public const string ConcurrentModification = "ConcurrentModification";
    public const string ValidationError = "ValidationError";
    public const string IdempotentParameterMismatch = "IdempotentParameterMismatch";
    public const string AccessDenied = "AccessDenied";
    public const string InvalidInstanceType = "InvalidInstanceType";
    public const string InvalidParameterValue = "InvalidParameterValue";
    public const string MalformedPolicyDocument = "MalformedPolicyDocument";

    /// <summary>Organizations: the caller's account is not a member of an organization.</summary>
    public const string OrganizationsNotInUse = "AWSOrganizationsNotInUseException";

    /// <summary>IAM Identity Center's portal no longer accepts the cached SSO access token (sign in again).</summary>
    public const string SsoTokenRefused = "UnauthorizedException";

    /// <summary>The caller may not do this. EC2 says UnauthorizedOperation; IAM, STS and some emulators say AccessDenied.</summary>
    public static readonly FrozenSet<string> NotAuthorized = Set("UnauthorizedOperation", AccessDenied, "AccessDeniedException");

    /// <summary>The credentials themselves are not accepted (wrong key, wrong secret).</summary>
    public static readonly FrozenSet<string> BadCredentials = Set("InvalidClientTokenId", "SignatureDoesNotMatch", "AuthFailure");

    public static readonly FrozenSet<string> Expired = Set("ExpiredToken", "ExpiredTokenException", "RequestExpired");

    public static readonly FrozenSet<string> Throttled = Set("Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException");

    /// <summary>IAM Identity Center's portal gives this user no such role in that account.</summary>
    public static readonly FrozenSet<string> SsoRoleNotGranted = Set("ForbiddenException", "ResourceNotFoundException");

    /// <summary>
    /// EC2's capacity refusals: answered with HTTP 500 like its internal errors, yet definite: nothing was launched
    /// (EC2 API reference, "Server error codes").
    /// </summary>
    public static readonly FrozenSet<string> NoCapacity = Set(
        "InsufficientInstanceCapacity", "InsufficientHostCapacity", "InsufficientReservedInstanceCapacity", "InsufficientAddressCapacity",
        "InsufficientCapacity", "InsufficientVolumeCapacity");

    /// <summary>
    /// What a role's fresh credentials answer while IAM is still propagating the role: refused, or not yet known as
    /// credentials at all.
    /// </summary>
    public static readonly FrozenSet<string> NotYetPropagated = Set([.. NotAuthorized, "AuthFailure", "InvalidClientTokenId"]);

    /// <summary>Answers that mean "this role's credentials will not do", as opposed to AWS being unreachable.</summary>
    public static readonly FrozenSet<string> RoleUnusable = Set([.. NotAuthorized, .. BadCredentials, .. Expired, NoSuchEntity]);

    /// <summary>STS's refusal of a DurationSeconds the role's MaxSessionDuration (or role chaining) does not allow.</summary>
    public static bool IsDurationRefusal(this AmazonServiceException error) =>
        error.Is(ValidationError) && error.Message.Contains("DurationSeconds", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// IAM's refusal of a policy naming a principal it does not know (yet): a user or role made moments ago is
    /// refused like this until IAM has propagated it, so Terraform's provider retries it for 2 minutes.
    /// </summary>
    public static bool IsUnknownPrincipal(this AmazonServiceException error) =>
        error.Is(MalformedPolicyDocument) && error.Message.Contains("Invalid principal", StringComparison.OrdinalIgnoreCase);

    /// <summary>The duration refusal for a session assumed by role chaining (at most one hour, whatever the role says).</summary>
    public static bool IsRoleChainingLimit(this AmazonServiceException error) =>
        error.Message.Contains("role chaining", StringComparison.OrdinalIgnoreCase);

    /// <summary>The error's code, or its HTTP status when AWS gave none.</summary>
    public static string CodeOf(AmazonServiceException error) =>
        string.IsNullOrEmpty(error.ErrorCode) ? $"HTTP {(int)error.StatusCode}" : error.ErrorCode;

    public static bool IsIn(this AmazonServiceException error, FrozenSet<string> codes) => codes.Contains(error.ErrorCode ?? "");

    public static bool Is(this AmazonServiceException error, string code) => string.Equals(error.ErrorCode, code, StringComparison.Ordinal);

    /// <summary>"AWS said CODE: message", for the middle of a longer sentence.</summary>
    public static string Said(AmazonServiceException error) => $"AWS said {CodeOf(error)}: {OneLine(error.Message)}";

    /// <summary>The one line a user sees for an AWS error: the code, what AWS said, and what to do.</summary>
    /// <param name="afterMessage">Said right after AWS's message, before the hint (e.g. "after 3 attempts; rerun to continue").</param>
    public static string Describe(AmazonServiceException error, string? afterMessage = null)
    {
        var code = CodeOf(error);
        var hint = Hint(code);
        var message = OneLine(error.Message);
        var line = afterMessage is null ? $"AWS error {code}: {message}" : $"AWS error {code}: {message.TrimEnd('.')} {afterMessage}".Replace(":  ", ": ", StringComparison.Ordinal);
        return hint is null ? line : $"{line} ({hint})";
    }

    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static string? Hint(string code) => code switch
    {
        "UnauthorizedOperation" => "the assumed role is not allowed to do this in EC2; attach a policy such as AmazonEC2FullAccess to it",
        "InvalidClientTokenId" or "SignatureDoesNotMatch" or "AuthFailure" => "check the access key and secret key of the profile",
        _ when Expired.Contains(code) => "the credentials have expired; refresh the profile's session",
        AccessDenied or "AccessDeniedException" => "the caller lacks the IAM permission for this call",
        "InvalidAMIID.NotFound" or "InvalidAMIID.Malformed" => "pass --ami with an AMI that exists in this region",
        "InvalidSubnetID.NotFound" => "pass --subnet-id of a subnet in the destination account and region",
        "InvalidGroup.NotFound" => "pass --security-group-id of a group in the destination account and region",
        "InvalidKeyPair.NotFound" => "pass --key-name of a key pair in the destination account and region",
        _ when Throttled.Contains(code) => "AWS is throttling; retry in a minute",
        NoSuchEntity => "the IAM entity does not exist",
        OrganizationsNotInUse => "the account is not in an organization; name the destination accounts instead",
        _ => null,
    };

    private static FrozenSet<string> Set(params string[] codes) => codes.ToFrozenSet(StringComparer.Ordinal);
}
