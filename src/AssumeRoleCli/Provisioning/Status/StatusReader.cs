using System.Globalization;
using AssumeRoleCli.Aws;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// What status shows, read from IAM, STS and EC2 and compared with the state file. Changes nothing: it only gets,
/// lists and describes, and assumes the role to see whether the source still can.
/// </summary>
public sealed class StatusReader
{
    private readonly IAwsClientFactory _clients;
    private readonly RoleAccess _access;
    private readonly IApplyProgress _progress;

    public StatusReader(IAwsClientFactory clients, RoleAccess access, IApplyProgress progress)
    {
        _clients = clients;
        _access = access;
        _progress = progress;
    }

    /// <summary>What "now" is when telling whether something has expired.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <param name="addressedAmong">Every role of the run, when these are one account's of many: addresses are made among them all.</param>
    public async Task<StatusReport> ReadAsync(
        AccountSessions sessions, IReadOnlyList<RoleArn> roles, StateDocument state, AssumeRoleSettings assumeRole, CancellationToken ct,
        IReadOnlyList<RoleArn>? addressedAmong = null)
    {
        var (reports, instances, drift) = (new List<RoleReport>(), new List<InstanceReport>(), new List<DriftReport>());
        var now = Time.GetUtcNow();
        foreach (var role in roles)
        {
            var (exists, found, policies, whyUnknown) = await LookUpAsync(sessions, role, ct);
            foreach (var other in state.OtherRegionsOf(role, sessions.Region))
            {
                await _progress.NoteAsync($"Note: the state file also records instances of {role.RoleName} in {other}; rerun with --region {other} to see those.");
            }

            var recordedIds = state.InstanceIdsOf(role, sessions.Region);
            RoleReach<RoleInstances>? reach = null;
            string? unreachable = null;
            try
            {
                // Not patient with IAM propagation: status says whether the role can be assumed now.
                // The report says why the role is not assumable (once): the stand-in is not also noted on stderr.
                reach = await _access.ReachAsync(
                    sessions, assumeRole.For(role), exists, roleIsNew: false, ec2 => InstanceInventory.FindAsync(ec2, role, recordedIds, ct), ct, sayStandIn: false);
            }
            catch (Exception error) when (CliException.IsExpected(error))
            {
                unreachable = $"{error.Message.Replace(" Nothing was changed.", "", StringComparison.Ordinal).TrimEnd('.')}, so its instances could not be looked for";
            }

            var record = state.RoleOf(role);
            var module = ResourceModule.Of(role, addressedAmong ?? roles);
            var assumable = reach?.Assumed == true;
            reports.Add(new RoleReport(
                role.ToString(),
                exists,
                assumable,
                assumable ? null : reach?.StoodInBecause ?? unreachable,
                record is not null,
                found is null ? [] : TrustPolicy.Principals(found.TrustPolicy),
                policies.Select(p => p.Arn).ToList(),
                found?.MaxSessionDurationSeconds,
                found?.Tags ?? new Dictionary<string, string>(),
                whyUnknown)
            {
                ExpiresAt = found is null ? null : Expiry.Of(found.Tags)?.Tag,
                Expired = found is not null && Expiry.HasPassed(found.Tags, now),
                LastUsed = found?.LastUsedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                LastUsedRegion = found?.LastUsedRegion,
            });
            drift.AddRange(StatusDrift.OfRole(role, record, exists, found, policies, module));
            if (reach is not null)
            {
                var ours = reach.Result;
                instances.AddRange(ours.ToTerminate
                    .OrderBy(i => ours.Indexes[i.InstanceId])
                    .Select(i => Report(i, ResourceModule.Prefix(module, ours.AddressOf(i.InstanceId)), sessions.Region, role, now)));
                drift.AddRange(StatusDrift.OfInstances(role, ours, recordedIds, module));
            }
        }

        return new StatusReport(reports, instances, drift);
    }

    /// <summary>The role as IAM has it; Exists is null (and WhyUnknown says why) when no destination profile of the role's account can ask IAM.</summary>
    private async Task<(bool? Exists, IamRole? Role, IReadOnlyList<ManagedPolicyRef> Policies, string? WhyUnknown)> LookUpAsync(
        AccountSessions sessions, RoleArn role, CancellationToken ct)
    {
        var (destination, whyNot) = await sessions.Destination.ForAsync(role, ct);
        if (destination is null)
        {
            return (null, null, [], $"{whyNot}, so IAM was not asked");
        }

        var iam = _clients.Iam(destination);
        var existing = await iam.GetRoleAsync(role.RoleName, ct);

        // IAM names are unique per account whatever the path: a role of this name at another path is not the one named.
        return existing is null || !role.Is(existing.Arn)
            ? (false, null, [], null)
            : (true, existing, await iam.ListAttachedPoliciesAsync(role.RoleName, ct), null);
    }

    private static InstanceReport Report(InstanceInfo instance, string address, string region, RoleArn role, DateTimeOffset now) => new(
        address,
        instance.InstanceId,
        instance.State,
        instance.InstanceType,
        instance.ImageId,
        region,
        instance.LaunchTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        instance.OwnerId,
        instance.PrivateIp,
        instance.PublicIp,
        role.ToString())
    {
        ExpiresAt = Expiry.Of(instance.Tags)?.Tag,
        Expired = Expiry.HasPassed(instance.Tags, now),
    };
}
