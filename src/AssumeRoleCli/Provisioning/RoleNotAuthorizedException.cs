using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>The assumed role may not do what the command needs in EC2 (UnauthorizedOperation).</summary>
public sealed class RoleNotAuthorizedException : Exception
{
    /// <param name="managedInstancesScope">
    /// The role has create-role --scope managed-instances's inline policy (the state file says so): advising
    /// AmazonEC2FullAccess would undo the choice, so the message says what that policy allows instead.
    /// </param>
    public RoleNotAuthorizedException(RoleArn role, string action, AmazonServiceException cause, bool managedInstancesScope = false)
        : base($"Not authorized (UnauthorizedOperation): {role} may not {action}. {Advice(role, managedInstancesScope)} {AwsErrorCodes.Said(cause)}", cause)
    {
    }

    private static string Advice(RoleArn role, bool managedInstancesScope) => managedInstancesScope
        ? $"The role has the scoped inline policy {ManagedInstancesPolicy.PolicyName} (create-role --scope managed-instances), which allows only " +
          $"{string.Join(", ", ManagedInstancesPolicy.DescribeActions)}; ec2:RunInstances of instances tagged " +
          $"{ManagedTags.ManagedByKey}={ManagedTags.ManagedByValue} and {ManagedTags.RoleKey}={role}, with images, subnets, security groups and key pairs " +
          $"of account {role.AccountId}; and {string.Join(", ", ManagedInstancesPolicy.InstanceLifecycleActions)} of those instances. " +
          "Ask only for that, or give the role more with create-role --scope ec2-full-access or --policy-name."
        : "Attach a policy that allows it, such as AmazonEC2FullAccess (assumerole create-role --policy-name AmazonEC2FullAccess).";
}
