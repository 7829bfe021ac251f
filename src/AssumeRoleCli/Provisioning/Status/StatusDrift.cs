using AssumeRoleCli.Aws;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// Where the state file and AWS disagree: what it records that is gone (missing), what carries our tags that it does
/// not record (extra), and what is no longer as it was recorded (changed).
/// </summary>
public static class StatusDrift
{
    private static readonly string OurTag = $"{ManagedTags.ManagedByKey}={ManagedTags.ManagedByValue}";

    /// <param name="exists">Null when IAM could not be asked: nothing is said about the role then.</param>
    /// <param name="found">The role as IAM has it; null when it does not exist.</param>
    /// <param name="module">The module instance the role's resources are addressed in; null: the only role.</param>
    public static IEnumerable<DriftReport> OfRole(RoleArn role, RoleRecord? record, bool? exists, IamRole? found, IReadOnlyList<ManagedPolicyRef> attached, string? module = null)
    {
        var address = ResourceModule.Prefix(module, RolePlan.AddressOf(role));
        if (record is null)
        {
            if (found is not null && ManagedTags.IsOurs(found.Tags))
            {
                yield return new(DriftReport.Extra, address, $"{role} is tagged {OurTag}, but the state file does not record it");
            }

            yield break;
        }

        if (exists == false)
        {
            yield return new(DriftReport.Missing, address, $"{role} is recorded in the state file, but IAM has no such role");
        }

        if (found is null)
        {
            yield break;
        }

        var principals = TrustPolicy.Principals(found.TrustPolicy);
        var orphaned = principals.Where(AwsNames.IsRoleOrUserUniqueId).ToList();
        if (orphaned.Count > 0)
        {
            // IAM rewrites a trusted role's or user's ARN to its unique id when it is deleted; nothing matches that id
            // again, not even a new role or user of the same name, and AssumeRole by it fails without a word about why.
            yield return new(DriftReport.Changed, address,
                $"its trust policy names {string.Join(", ", orphaned)} instead of a role or user ARN: IAM put that unique id there when the " +
                "trusted role or user was deleted, so the trust no longer admits it (not even one re-created under the same name); " +
                "'assumerole create-role' (with the same --trusted-principal) writes the ARN again");
        }

        // A trust left with nothing but such ids is said once, above.
        if (!principals.Any(p => NamesAccount(p, record.SourceAccountId)) && (orphaned.Count == 0 || principals.Count > orphaned.Count))
        {
            var trusts = principals.Count == 0 ? "no one" : string.Join(", ", principals);
            yield return new(DriftReport.Changed, address,
                $"its trust policy no longer names the source account {record.SourceAccountId} (it trusts {trusts}); 'assumerole create-role' restores it");
        }

        var now = attached.Select(p => p.Arn).ToHashSet(StringComparer.Ordinal);
        var attachedSince = now.Except(record.PolicyArns, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var detachedSince = record.PolicyArns.Except(now, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (attachedSince.Count > 0 || detachedSince.Count > 0)
        {
            var parts = new[] { (Label: "attached since", Arns: attachedSince), (Label: "detached since", Arns: detachedSince) }
                .Where(p => p.Arns.Count > 0)
                .Select(p => $"{p.Label}: {string.Join(", ", p.Arns)}");
            yield return new(DriftReport.Changed, address, $"its managed policies differ from the recorded ones ({string.Join("; ", parts)})");
        }

        // What create-role would put back (the recorded maximum; files written before it was recorded: the default).
        var maxSession = record.MaxSessionDurationSeconds ?? IamRole.DefaultMaxSessionDurationSeconds;
        if (found.MaxSessionDurationSeconds != maxSession)
        {
            yield return new(DriftReport.Changed, address,
                $"its max session duration is {found.MaxSessionDurationSeconds}s, recorded {maxSession}s; 'assumerole create-role --max-session-duration {maxSession}' restores it");
        }

        if (!ManagedTags.IsOurs(found.Tags))
        {
            yield return new(DriftReport.Changed, address, $"it no longer carries the tag {OurTag}");
        }
    }

    /// <param name="recordedIds">The ids the state file records for the role in this region.</param>
    /// <param name="module">The module instance the role's resources are addressed in; null: the only role.</param>
    public static IEnumerable<DriftReport> OfInstances(RoleArn role, RoleInstances found, IReadOnlyCollection<string> recordedIds, string? module = null)
    {
        ArgumentNullException.ThrowIfNull(found);
        string AddressOf(string id) => ResourceModule.Prefix(module, found.AddressOf(id));

        foreach (var id in found.Gone.OrderBy(id => found.Indexes[id]))
        {
            yield return new(DriftReport.Missing, AddressOf(id), $"{id} is recorded in the state file, but EC2 no longer has it (terminated)");
        }

        foreach (var instance in found.ToTerminate.Where(i => !recordedIds.Contains(i.InstanceId)).OrderBy(i => found.Indexes[i.InstanceId]))
        {
            yield return new(DriftReport.Extra, AddressOf(instance.InstanceId),
                $"{instance.InstanceId} is tagged for {role.RoleName}, but the state file does not record it");
        }

        foreach (var instance in found.NotOurs.OrderBy(i => found.Indexes[i.InstanceId]))
        {
            yield return new(DriftReport.Changed, AddressOf(instance.InstanceId),
                $"{instance.InstanceId} is recorded in the state file, but no longer carries our tags for {role.RoleName}, so it is not ours to manage");
        }
    }

    /// <summary>A principal naming the account: its id, or any ARN in it (such as its root).</summary>
    private static bool NamesAccount(string principal, string accountId) =>
        principal == accountId || (principal.StartsWith("arn:", StringComparison.Ordinal) && principal.Split(':') is [_, _, _, _, var account, ..] && account == accountId);
}
