using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>The assumed role may not do what the command needs in EC2 (UnauthorizedOperation).</summary>
public sealed class RoleNotAuthorizedException : Exception
{
    public RoleNotAuthorizedException(RoleArn role, string action, AmazonServiceException cause)
        : base(
            $"Not authorized (UnauthorizedOperation): {role} may not {action}. Attach a policy that allows it, such as " +
            $"AmazonEC2FullAccess (assumerole create-role --policy-name AmazonEC2FullAccess). {AwsErrorCodes.Said(cause)}",
            cause)
    {
    }
}
