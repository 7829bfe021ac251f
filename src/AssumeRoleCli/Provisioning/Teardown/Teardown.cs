using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>One role's teardown as planned, with the clients that carry it out (<see cref="Iam"/> null: no usable destination profile).</summary>
public sealed record PlannedRoleTeardown(TeardownPlan Plan, IEc2Api Ec2, IIamApi? Iam);

/// <summary>Every role's teardown, and the one plan that shows them all.</summary>
public sealed record PlannedTeardown(IReadOnlyList<PlannedRoleTeardown> Roles, Plan Plan, string Region);

/// <summary>What teardown destroyed: the instances terminated, the roles deleted, and how many resources in all.</summary>
public sealed record TeardownOutcome(IReadOnlyList<string> Terminated, IReadOnlyList<string> RolesDeleted, int Destroyed);

/// <summary>
/// teardown's choreography: for every role, its reads (GetRole with the destination, the instance search through
/// the role from the source) asked at once, every refusal decided before anything changes; then, once confirmed,
/// each part destroyed and recorded the moment it is done.
/// </summary>
public sealed class Teardown
{
    private readonly IAwsClientFactory _clients;
    private readonly TimeSpan _grace;
    private readonly TimeProvider _time;
    private readonly IApplyProgress _progress;
    private readonly CliCredentialCache? _cache;

    /// <param name="grace">How long a role the state says changed moments ago may still be propagating in IAM.</param>
    /// <param name="cache">Where MFA sessions are kept; a deleted role's are forgotten. Null: none.</param>
    public Teardown(IAwsClientFactory clients, TimeSpan grace, TimeProvider time, IApplyProgress progress, CliCredentialCache? cache)
    {
        _clients = clients;
        _grace = grace;
        _time = time;
        _progress = progress;
        _cache = cache;
    }

    /// <summary><c>--expired</c>: only what is past its expiry is destroyed (see <see cref="ExpiredOnly"/>); the plan says what stays.</summary>
    public bool OnlyExpired { get; init; }

    /// <summary>Reads what every role's teardown would destroy and plans it, changing nothing.</summary>
    /// <param name="assumeRole">The source's AssumeRole settings, MFA completed.</param>
    /// <param name="addressedAmong">Every role of the run, when these are one account's of many: addresses are made among them all.</param>
    public async Task<PlannedTeardown> PlanAsync(
        AccountSessions sessions, IReadOnlyList<RoleArn> roles, StateDocument state, AssumeRoleSettings assumeRole, bool keepRole, CancellationToken ct,
        IReadOnlyList<RoleArn>? addressedAmong = null)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(assumeRole);
        var region = sessions.Region;
        var access = new RoleAccess(_clients, _time, _grace, _progress, _cache);
        var plans = new List<PlannedRoleTeardown>();
        var kept = new List<string>();
        foreach (var role in roles)
        {
            // Who the destination is is not asked: GetRole's answer with the role's ARN shows it is the role's account.
            var (destination, whyNot) = sessions.Destination.PresumedFor(role);
            var iam = destination is null ? null : _clients.Iam(destination);
            var roleIsNew = state.RoleChangedWithin(role, _grace, _time.GetUtcNow());
            var otherRegions = state.OtherRegionsOf(role, region);

            // GetRole (destination profile) and AssumeRole (source) are independent: asked at once. Then the role's
            // policies, and the instance search through the role once IAM has said the role is there. IAM saying it is
            // gone ends any wait for a new role to become assumable; a failed role read (the command's error) stops the search.
            var recordedIds = state.InstanceIdsOf(role, region);
            var module = ResourceModule.Of(role, addressedAmong ?? roles);
            var roleAddress = ResourceModule.Prefix(module, RolePlan.AddressOf(role));
            await _progress.RefreshingAsync(roleAddress, role.RoleName); // said only when the reads are slow
            using var planning = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var roleFound = TeardownPlanner.FindRoleAsync(sessions, iam, whyNot, role, keepRole, _time, roleIsNew ? _grace : TimeSpan.Zero, ct);
            var roleRead = TeardownPlanner.WithPoliciesAsync(iam, roleFound, ct);
            var instancesRead = access.UseAsync(
                sessions, assumeRole.For(role), null, roleIsNew, found => InstanceInventory.FindAsync(found, role, recordedIds, planning.Token), planning.Token,
                RoleExistsAsync(roleFound, planning), RoleHoldsNoPolicyAsync(roleRead));
            await Task.WhenAll(roleRead, instancesRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // both end; the role's error first
            await _progress.StoppedAsync(roleAddress);
            var decision = await roleRead;
            var (ec2, instances) = await instancesRead;
            if (OnlyExpired)
            {
                var expired = ExpiredOnly.Select(new TeardownPlan(role, instances, decision) { Module = module }, _time.GetUtcNow());
                (instances, decision) = (expired.Instances, expired.RoleDecision);
                kept.AddRange(expired.Kept);
            }

            if (otherRegions.Count > 0)
            {
                // Deleting the role would leave those instances running with no role to reach them through.
                var regions = string.Join(", ", otherRegions);
                var rerun = string.Join(" and ", otherRegions.Select(r => $"--region {r}"));
                await _progress.NoteAsync(decision.Delete
                    ? $"Keeping role {role.RoleName}: the state file also records its instances in {regions}; rerun teardown with {rerun} to destroy those, then the role."
                    : $"Note: the state file also records instances of {role.RoleName} in {regions}; rerun with {rerun} to destroy those.");
                decision = decision.Delete ? RoleTeardown.Kept(role, decision.Status) : decision;
            }

            foreach (var skipped in instances.NotOurs)
            {
                await _progress.NoteAsync($"Skipping {skipped.InstanceId} ({skipped.State}): the state file lists it, but it is not tagged " +
                    $"{ManagedTags.ManagedByKey}={ManagedTags.ManagedByValue} for {role}, so it is left untouched (and forgotten).");
            }

            plans.Add(new PlannedRoleTeardown(new TeardownPlan(role, instances, decision) { Module = module }, ec2, iam));
        }

        var plan = TeardownPlan.Combine(plans.Select(p => p.Plan)) with
        {
            Notes = kept,
            Target = new PlanTarget(
                roles.Select(r => r.AccountId).Distinct(StringComparer.Ordinal).ToList(),
                region,
                sessions.Destination.Session is null ? null : sessions.Destination.Profile,
                sessions.Source.Session is null ? null : sessions.Source.Description),
        };
        return new PlannedTeardown(plans, plan, region);
    }

    /// <summary>Destroys what was planned and confirmed, role by role, recording each part the moment it is done.</summary>
    public async Task<TeardownOutcome> ApplyAsync(PlannedTeardown planned, StateFile state, TimeSpan waitTimeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(state);
        var applier = new TeardownApplier(_progress, new IamConflictRetry(_time, _progress));
        var terminator = new InstanceTerminator(_time, _progress);
        var terminated = new List<string>();
        var deleted = new List<string>();
        var policiesDeleted = 0;
        foreach (var (teardown, ec2, iam) in planned.Roles)
        {
            var role = teardown.Role;
            terminated.AddRange(await terminator.TerminateAsync(ec2, teardown.Instances.TerminateIds, teardown.AddressOf, waitTimeout, ct));
            state.Update(s => s.WithoutInstances(role, planned.Region, teardown.Instances.ToForget));
            if (teardown.RoleDecision.Delete && await applier.DeleteScopedPolicyAsync(iam!, teardown.RoleDecision, ct, teardown.Module))
            {
                policiesDeleted++;
            }

            if (teardown.RoleDecision.Delete && await applier.DeleteRoleAsync(iam!, teardown.RoleDecision, ct, teardown.Module))
            {
                deleted.Add(role.ToString());
            }

            if (teardown.RoleDecision.Delete || teardown.RoleDecision.Status == RoleStatus.Absent)
            {
                state.Update(s => s.WithoutRole(role));
                await ForgetCachedSessionsAsync(role);
            }
        }

        return new TeardownOutcome(terminated, deleted, terminated.Count + policiesDeleted + deleted.Count);
    }

    /// <summary>The role is gone: its cached MFA sessions are dead, and a role made again under its name must not get them.</summary>
    private async Task ForgetCachedSessionsAsync(RoleArn role)
    {
        if (_cache?.Forget(role) is > 0 and var removed)
        {
            await _progress.NoteAsync($"Removed {removed} cached session(s) of {role} from {_cache.Location}.");
        }
    }

    /// <summary>
    /// False when IAM says the role is gone; true otherwise. A failed read (its own error is the one reported) cancels
    /// <paramref name="planning"/>, stopping the instance search.
    /// </summary>
    private static async Task<bool> RoleExistsAsync(Task<RoleTeardown> roleRead, CancellationTokenSource planning)
    {
        try
        {
            return (await roleRead).Status != RoleStatus.Absent;
        }
        catch (Exception error) when (CliException.IsExpected(error, orAwsRefusal: true))
        {
            await planning.CancelAsync();
            return true;
        }
    }

    /// <summary>
    /// True when IAM shows a role to delete with nothing attached and no scoped policy (an earlier teardown got as far as
    /// detaching): the role's EC2 refusals are then final, not a new role propagating. A failed read says nothing.
    /// </summary>
    private static async Task<bool> RoleHoldsNoPolicyAsync(Task<RoleTeardown> roleRead)
    {
        try
        {
            var role = await roleRead;
            return role.Delete && role.AttachedPolicies.Count == 0 && role.ScopedPolicy is null;
        }
        catch (Exception error) when (CliException.IsExpected(error, orAwsRefusal: true))
        {
            return false;
        }
    }
}
