using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The asked --duration is longer than AssumeRole may grant for the role: STS said so (ValidationError on
/// DurationSeconds), or the state file records the role's shorter max session duration.
/// </summary>
public sealed class SessionDurationRefusedException : Exception
{
    public SessionDurationRefusedException(RoleArn role, int durationSeconds, int? roleMaximumSeconds, AmazonServiceException? cause = null)
        : base(MessageFor(role, durationSeconds, roleMaximumSeconds, cause), cause)
    {
        Role = role;
        DurationSeconds = durationSeconds;
    }

    public RoleArn Role { get; }

    public int DurationSeconds { get; }

    private static bool IsRoleChaining(AmazonServiceException? cause) => cause is not null && AwsErrorCodes.IsRoleChainingLimit(cause);

    private static string MessageFor(RoleArn role, int durationSeconds, int? roleMaximumSeconds, AmazonServiceException? cause)
    {
        if (IsRoleChaining(cause))
        {
            return $"--duration {durationSeconds} is refused for {role}: the source profile's credentials come from another role, " +
                $"and sessions assumed by role chaining last at most 3600 s; pass --duration 3600 or less ({AwsErrorCodes.Said(cause!)}).";
        }

        var why = roleMaximumSeconds is { } max
            ? $"its max session duration is {max} s (as the state file records)"
            : $"it exceeds the role's max session duration ({AwsErrorCodes.Said(cause!)})";
        return $"--duration {durationSeconds} is longer than {role} allows: {why}. " +
            $"Raise it with 'assumerole create-role --max-session-duration {durationSeconds}', or pass a shorter --duration.";
    }
}
