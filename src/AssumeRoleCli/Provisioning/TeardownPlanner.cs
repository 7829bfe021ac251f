using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// Reads what teardown would destroy, changing nothing: every refusal (a role we did not create, a role that
/// cannot be deleted without the destination profile) is decided here, before a single instance is terminated.
/// </summary>
public static class TeardownPlanner
{
    /// <summary>
    /// Looks the role up with the destination account's IAM (<paramref name="iam"/> is null when no usable
    /// destination profile exists; <paramref name="whyNoIam"/> then says why, for the error). Right after our own
    /// CreateRole, IAM may not show the role yet (NoSuchEntity) or show its ARN as a unique id (AROA…): within
    /// <paramref name="propagationWindow"/> that is asked again before the role is concluded absent and forgotten.
    /// </summary>
    public static async Task<RoleTeardown> PlanRoleAsync(
        IIamApi? iam, string whyNoIam, RoleArn role, bool keepRole, CancellationToken ct, IWaitClock? clock = null, TimeSpan propagationWindow = default)
    {
        if (iam is null)
        {
            return keepRole
                ? RoleTeardown.Kept(role, RoleStatus.Unknown)
                : throw new CliException(
                    $"Deleting role {role} needs the destination profile, but {whyNoIam}. Configure a profile with credentials " +
                    $"of account {role.AccountId}, or pass --keep-role to terminate the instances only. Nothing was changed.");
        }

        var existing = await iam.GetRoleAsync(role.RoleName, ct);
        var start = clock?.Elapsed ?? TimeSpan.Zero;
        for (var attempt = 1; clock is not null && NotYetVisible(existing) && clock.Elapsed - start + Poller.DelayBefore(attempt) <= propagationWindow; attempt++)
        {
            await clock.DelayAsync(Poller.DelayBefore(attempt), ct);
            existing = await iam.GetRoleAsync(role.RoleName, ct);
        }

        if (existing is null || !role.Is(existing.Arn))
        {
            // IAM names are unique per account whatever the path: a role of this name at another path is not the one named.
            return RoleTeardown.Kept(role, RoleStatus.Absent);
        }

        if (!ManagedTags.IsOurs(existing.Tags))
        {
            return keepRole
                ? RoleTeardown.Kept(role, RoleStatus.Foreign)
                : throw new CliException(
                    $"Role '{role.RoleName}' ({role}) was not created by AssumeRoleCli (no {ManagedTags.ManagedByKey}={ManagedTags.ManagedByValue} tag); " +
                    "teardown refuses to delete it, and nothing was changed. Pass --keep-role to terminate only the instances tagged for it.");
        }

        return keepRole
            ? RoleTeardown.Kept(role, RoleStatus.Ours)
            : new RoleTeardown(role, RoleStatus.Ours, true, await iam.ListAttachedPoliciesAsync(role.RoleName, ct));
    }

    /// <summary>Not there, or there with an ARN that is still IAM's unique id rather than an ARN.</summary>
    private static bool NotYetVisible(IamRole? role) => role is null || !role.Arn.StartsWith("arn:", StringComparison.Ordinal);
}
