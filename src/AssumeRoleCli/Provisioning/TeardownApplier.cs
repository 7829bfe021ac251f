using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// Carries out a confirmed <see cref="TeardownPlan"/> one part at a time, so the caller can record each part as
/// soon as it is done. Progress goes to <c>say</c> in Terraform's words; nothing here knows the console.
/// </summary>
public sealed class TeardownApplier
{
    public const string Terminated = "terminated";

    private readonly IWaitClock _clock;
    private readonly Func<string, Task> _say;

    public TeardownApplier(IWaitClock clock, Func<string, Task> say)
    {
        _clock = clock;
        _say = say;
    }

    /// <summary>
    /// Terminates every instance in one call and waits until all are terminated, with a "Still destroying..." line
    /// every 10 seconds. Throws <see cref="CliException"/> after <paramref name="timeout"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> TerminateAsync(IEc2Api ec2, IReadOnlyList<string> instanceIds, TimeSpan timeout, CancellationToken ct)
    {
        if (instanceIds.Count == 0)
        {
            return [];
        }

        var started = _clock.Now;
        foreach (var id in instanceIds)
        {
            await _say($"{TeardownPlan.InstanceAddress(id)}: Destroying... [id={id}]");
        }

        await ec2.TerminateInstancesAsync(instanceIds, ct);

        // One look before settling into the poller's 2s-10s rhythm: often (and always on emulators) it is already done.
        var now = await ec2.DescribeInstancesAsync(instanceIds, ct);
        if (!instanceIds.All(id => now.Any(i => i.InstanceId == id && i.State == Terminated)))
        {
            await new InstanceWaiter(_clock).WaitForStateAsync(
                ec2,
                instanceIds,
                Terminated,
                timeout,
                async elapsed =>
                {
                    foreach (var id in instanceIds)
                    {
                        await _say($"{TeardownPlan.InstanceAddress(id)}: Still destroying... [{(int)elapsed.TotalSeconds}s elapsed]");
                    }
                },
                ct);
        }

        var seconds = (int)(_clock.Now - started).TotalSeconds;
        foreach (var id in instanceIds)
        {
            await _say($"{TeardownPlan.InstanceAddress(id)}: Destruction complete after {seconds}s");
        }

        return instanceIds;
    }

    /// <summary>
    /// Deletes the role as IAM requires: detach managed policies, delete inline ones, remove it from instance profiles, then
    /// delete. Everything is re-read here rather than taken from the plan. Returns false when the role was already gone.
    /// </summary>
    public async Task<bool> DeleteRoleAsync(IIamApi iam, RoleArn role, CancellationToken ct)
    {
        var name = role.RoleName;
        var address = $"{TeardownPlan.RoleResourceType}.{name}";
        var started = _clock.Now;
        await _say($"{address}: Destroying... [id={name}]");
        try
        {
            // Each list is copied before the loop changes what it lists.
            foreach (var policy in (await iam.ListAttachedPoliciesAsync(name, ct)).ToList())
            {
                await iam.DetachPolicyAsync(name, policy.Arn, ct);
            }

            foreach (var policyName in (await iam.ListInlinePolicyNamesAsync(name, ct)).ToList())
            {
                await iam.DeleteInlinePolicyAsync(name, policyName, ct);
            }

            foreach (var profile in (await iam.ListInstanceProfileNamesAsync(name, ct)).ToList())
            {
                await iam.RemoveFromInstanceProfileAsync(profile, name, ct);
            }

            await iam.DeleteRoleAsync(name, ct);
        }
        catch (AmazonServiceException error) when (error.ErrorCode == "NoSuchEntity")
        {
            await _say($"{address}: already deleted");
            return false;
        }

        await _say($"{address}: Destruction complete after {(int)(_clock.Now - started).TotalSeconds}s");
        return true;
    }
}
