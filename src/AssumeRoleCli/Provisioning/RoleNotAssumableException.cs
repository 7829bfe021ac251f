using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>AssumeRole kept refusing: the role's trust, the caller's permissions, or the role itself is not there.</summary>
public sealed class RoleNotAssumableException : Exception
{
    /// <param name="sourceIdentity">The SourceIdentity AssumeRole carried: then the trust and the caller must also allow sts:SetSourceIdentity.</param>
    public RoleNotAssumableException(RoleArn role, CallerIdentity source, AmazonServiceException cause, TimeSpan waited, string? sourceIdentity = null)
        : base(
            $"Could not assume {role} as {source.Arn}: AWS kept answering {AwsErrorCodes.CodeOf(cause)} for {(int)waited.TotalSeconds}s. " +
            $"Likely causes: the role does not exist, its trust policy does not trust account {source.Account} (rerun create-role), " +
            (sourceIdentity is null
                ? $"or {source.Arn} itself is not allowed to call sts:AssumeRole on it."
                : "its trust policy does not allow sts:SetSourceIdentity, which --source-identity needs (a role made before create-role allowed it: rerun create-role), " +
                  $"or {source.Arn} itself is not allowed to call sts:AssumeRole and sts:SetSourceIdentity on it."),
            cause)
    {
        Role = role;
        Caller = source;
        Cause = cause;
    }

    public RoleArn Role { get; }

    public CallerIdentity Caller { get; }

    public AmazonServiceException Cause { get; }
}
