namespace AssumeRoleCli.Provisioning;

/// <summary>What <c>teardown --expired</c> keeps of one role's teardown, and the plan's lines saying what stays and why.</summary>
public sealed record ExpiredSelection(RoleInstances Instances, RoleTeardown RoleDecision, IReadOnlyList<string> Kept);

/// <summary>
/// <c>teardown --expired</c>: of what teardown would destroy, only what is past its <see cref="Expiry"/>. Expired
/// instances go; the role goes only if it has expired too and none of its instances stays (each is expired and
/// terminated in this run, or already gone), so no instance is left without the role that reaches it. Whatever stays
/// is named, with its expiry. Without an expiry nothing ever expires.
/// </summary>
public static class ExpiredOnly
{
    public static ExpiredSelection Select(TeardownPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var (role, instances, decision) = (plan.Role, plan.Instances, plan.RoleDecision);
        var expired = instances.ToTerminate.Where(i => Expiry.HasPassed(i.Tags, now)).ToList();
        var staying = instances.ToTerminate.Except(expired).OrderBy(i => instances.Indexes[i.InstanceId]).ToList();
        var kept = staying
            .Select(i => $"Keeping {plan.AddressOf(i.InstanceId)} ({i.InstanceId}): it {Expiry.Describe(Expiry.Of(i.Tags))}.")
            .ToList();

        var roleAddress = ResourceModule.Prefix(plan.Module, RolePlan.AddressOf(role));
        if (decision.Delete)
        {
            if (decision.Expiry?.IsPast(now) != true)
            {
                kept.Add($"Keeping {roleAddress}: it {Expiry.Describe(decision.Expiry)}.");
                decision = RoleTeardown.Kept(role, decision.Status) with { Expiry = decision.Expiry };
            }
            else if (staying.Count > 0)
            {
                kept.Add($"Keeping {roleAddress}: it expired at {decision.Expiry.Tag}, but {string.Join(", ", staying.Select(i => i.InstanceId))} " +
                    "of its instances have not, and they are reached through it.");
                decision = RoleTeardown.Kept(role, decision.Status) with { Expiry = decision.Expiry };
            }
        }

        return new ExpiredSelection(instances with { ToTerminate = expired }, decision, kept);
    }
}
