using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// Reads what teardown would destroy, changing nothing: every refusal (a role we did not create, a role that
/// cannot be deleted without the destination profile) is decided here, before a single instance is terminated.
/// </summary>
public static class TeardownPlanner
{
    /// <summary>
    /// The role's policies added to what <see cref="FindRoleAsync(AccountSessions, IIamApi?, string, RoleArn, bool, TimeProvider, TimeSpan, CancellationToken)"/>
    /// found: listed once, and only for a role to delete (the plan shows them; deletion detaches them). The scoped
    /// inline policy create-role may have put (<c>--scope managed-instances</c>) is read at the same time: it is planned
    /// and deleted as a resource of its own, so DeleteRole does not meet it as a DeleteConflict.
    /// </summary>
    public static async Task<RoleTeardown> WithPoliciesAsync(IIamApi? iam, Task<RoleTeardown> found, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(found);
        var role = await found;
        if (!role.Delete)
        {
            return role;
        }

        var attached = iam!.ListAttachedPoliciesAsync(role.Arn.RoleName, ct);
        var scoped = iam.GetInlinePolicyAsync(role.Arn.RoleName, ManagedInstancesPolicy.PolicyName, ct);
        await Task.WhenAll(attached, scoped).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return role with { AttachedPolicies = await attached, ScopedPolicy = await scoped };
    }

    /// <summary>
    /// Looks the role up with the destination account's IAM (<paramref name="iam"/> is null when no usable
    /// destination profile exists; <paramref name="whyNoIam"/> then says why, for the error). Right after our own
    /// CreateRole, IAM may not show the role yet (NoSuchEntity) or show its ARN as a unique id (AROA…): within
    /// <paramref name="propagationWindow"/> that is asked again before the role is concluded absent and forgotten.
    /// </summary>
    /// <param name="whyNotItsAccount">
    /// When the destination's account was not asked up front: asked only if GetRole does not answer with the role's
    /// exact ARN (which shows the profile is in the role's account), to tell "gone" from "asked in another account".
    /// Null when the profile is the role's account; else why not, and the role is treated as without a usable profile.
    /// </param>
    private static async Task<RoleTeardown> FindRoleAsync(
        IIamApi? iam, string whyNoIam, RoleArn role, bool keepRole, TimeProvider time, TimeSpan propagationWindow,
        Func<CancellationToken, Task<string?>> whyNotItsAccount, CancellationToken ct)
    {
        if (iam is null)
        {
            return WithoutIam(role, keepRole, whyNoIam);
        }

        IamRole? existing;
        try
        {
            existing = await iam.GetRoleAsync(role.RoleName, ct);
        }
        catch (AmazonServiceException error) when (error.IsIn(AwsErrorCodes.NotAuthorized))
        {
            // Another account's profile may be refused rather than answered: then that, not the refusal, is the news.
            if (await whyNotItsAccount(ct) is { } otherAccount)
            {
                return WithoutIam(role, keepRole, otherAccount);
            }

            throw;
        }

        if (!role.Is(existing?.Arn) && await whyNotItsAccount(ct) is { } why)
        {
            return WithoutIam(role, keepRole, why);
        }

        existing = await new Backoff(time, propagationWindow).UntilAsync(existing, token => iam.GetRoleAsync(role.RoleName, token), r => !NotYetVisible(r), ct);

        if (existing is null || !role.Is(existing.Arn))
        {
            // IAM names are unique per account whatever the path: a role of this name at another path is not the one named.
            return RoleTeardown.Kept(role, RoleStatus.Absent);
        }

        var expiry = Expiry.Of(existing.Tags);
        if (!ManagedTags.IsOurs(existing.Tags))
        {
            return keepRole
                ? RoleTeardown.Kept(role, RoleStatus.Foreign)
                : throw new CliException(
                    $"Role '{role.RoleName}' ({role}) was not created by AssumeRoleCli (no {ManagedTags.ManagedByKey}={ManagedTags.ManagedByValue} tag); " +
                    "teardown refuses to delete it, and nothing was changed. Pass --keep-role to terminate only the instances tagged for it.");
        }

        return (keepRole ? RoleTeardown.Kept(role, RoleStatus.Ours) : new RoleTeardown(role, RoleStatus.Ours, true, [])) with { Expiry = expiry };
    }

    /// <summary>
    /// <see cref="FindRoleAsync(IIamApi?, string, RoleArn, bool, TimeProvider, TimeSpan, Func{CancellationToken, Task{string?}}, CancellationToken)"/>
    /// with the destination of <paramref name="sessions"/> (<paramref name="iam"/> its IAM, when presumed to be the
    /// role's account), whose account is asked for only when GetRole leaves it open. A role IAM showed under its exact
    /// ARN (ours or not) shows the destination is in its account: that is noted in the sessions.
    /// </summary>
    public static async Task<RoleTeardown> FindRoleAsync(
        AccountSessions sessions, IIamApi? iam, string whyNoIam, RoleArn role, bool keepRole, TimeProvider time, TimeSpan propagationWindow, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(role);
        var read = await FindRoleAsync(
            iam, whyNoIam, role, keepRole, time, propagationWindow,
            async token => (await sessions.Destination.ForAsync(role, token)).WhyNot is { Length: > 0 } why ? why : null, ct);
        if (read.Status is RoleStatus.Ours or RoleStatus.Foreign)
        {
            sessions.Destination.SeenIn(role.AccountId);
        }

        return read;
    }

    /// <summary>No destination profile of the role's account: the role is left alone with --keep-role, else refused.</summary>
    private static RoleTeardown WithoutIam(RoleArn role, bool keepRole, string whyNoIam) =>
        keepRole
            ? RoleTeardown.Kept(role, RoleStatus.Unknown)
            : throw new CliException(
                $"Deleting role {role} needs the destination profile, but {whyNoIam}. Configure a profile with credentials " +
                $"of account {role.AccountId}, or pass --keep-role to terminate the instances only. Nothing was changed.");

    /// <summary>Not there, or there with an ARN that is still IAM's unique id rather than an ARN.</summary>
    private static bool NotYetVisible(IamRole? role) => role is null || !role.Arn.StartsWith("arn:", StringComparison.Ordinal);
}
