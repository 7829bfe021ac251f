using System.Text.Json;
using System.Text.Json.Serialization;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.State;

/// <summary>
/// What this tool created, like terraform.tfstate: enough to find it again, never a secret. Every role made is kept
/// (create-role with another --role-name adds one) until teardown has seen it destroyed.
/// </summary>
public sealed record StateDocument
{
    /// <summary>2: a list of roles. Version 1 held one role under "role"; it is read and rewritten as version 2.</summary>
    public const int CurrentVersion = 2;

    public int Version { get; init; } = CurrentVersion;

    public IReadOnlyList<RoleRecord> Roles { get; init; } = [];

    public IReadOnlyList<LaunchRecord> Launches { get; init; } = [];

    /// <summary>Version 1's single role; folded into <see cref="Roles"/> on read and never written.</summary>
    [JsonPropertyName("role")]
    public RoleRecord? LegacyRole { get; init; }

    /// <summary>Fields this version does not know (written by a later release of the same version), kept on rewrite.</summary>
    [JsonExtensionData, JsonInclude]
    public Dictionary<string, JsonElement>? UnknownFields { get; internal set; }

    public static StateDocument Empty { get; } = new();

    /// <summary>The recorded roles whose ARNs parse, in the order they were made.</summary>
    public IEnumerable<(RoleArn Arn, RoleRecord Record)> RecordedRoles() =>
        Roles.Select(r => (Parsed: RoleArn.TryParse(r.Arn, out var arn) ? arn : null, Record: r))
            .Where(r => r.Parsed is not null)
            .Select(r => (r.Parsed!, r.Record));

    public RoleRecord? RoleOf(RoleArn role) => Roles.FirstOrDefault(r => role.Is(r.Arn));

    /// <summary>The launches made through <paramref name="role"/> in <paramref name="region"/>.</summary>
    public IEnumerable<LaunchRecord> LaunchesOf(RoleArn role, string region) =>
        Launches.Where(l => role.Is(l.RoleArn) && string.Equals(l.Region, region, StringComparison.Ordinal));

    /// <summary>True when create-role changed <paramref name="role"/> less than <paramref name="window"/> before <paramref name="now"/>.</summary>
    public bool RoleChangedWithin(RoleArn role, TimeSpan window, DateTimeOffset now) =>
        RoleOf(role) is { ChangedAt: { } changed } && now - changed < window;

    /// <summary>The instance ids the launches through <paramref name="role"/> in <paramref name="region"/> list.</summary>
    public IReadOnlyList<string> InstanceIdsOf(RoleArn role, string region) =>
        LaunchesOf(role, region).SelectMany(l => l.InstanceIds).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Regions other than <paramref name="region"/> where launches through <paramref name="role"/> are recorded: their
    /// instances, or an interrupted launch's token (it may have started some).
    /// </summary>
    public IReadOnlyList<string> OtherRegionsOf(RoleArn role, string region) =>
        Launches
            .Where(l => role.Is(l.RoleArn) && l.Region != region)
            .Select(l => l.Region)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Without <paramref name="forget"/> in the role's launches in the region; the same instance when nothing changes,
    /// so the caller writes only when there is something to write. A launch left with no ids is dropped whole: once
    /// every instance tagged for the role is dealt with, its client token would otherwise hand a later launch the
    /// terminated instances back.
    /// </summary>
    public StateDocument WithoutInstances(RoleArn role, string region, IReadOnlySet<string> forget)
    {
        ArgumentNullException.ThrowIfNull(forget);
        var mine = LaunchesOf(role, region).ToHashSet();
        if (mine.Count == 0)
        {
            return this;
        }

        var kept = new List<LaunchRecord>();
        foreach (var launch in Launches)
        {
            if (!mine.Contains(launch))
            {
                kept.Add(launch);
                continue;
            }

            var remaining = launch.InstanceIds.Where(id => !forget.Contains(id)).ToList();
            if (remaining.Count > 0)
            {
                kept.Add(remaining.Count == launch.InstanceIds.Count ? launch : launch with { InstanceIds = remaining });
            }
        }

        return kept.SequenceEqual(Launches) ? this : this with { Launches = kept };
    }

    /// <summary>Without the role's record; the same instance when there is none.</summary>
    public StateDocument WithoutRole(RoleArn role) =>
        RoleOf(role) is null ? this : this with { Roles = Roles.Where(r => !role.Is(r.Arn)).ToList() };

    /// <summary>Adds or replaces the record of the same role.</summary>
    public StateDocument WithRole(RoleRecord record) => this with
    {
        Roles = [.. Roles.Where(r => !string.Equals(r.Arn, record.Arn, StringComparison.Ordinal)), record],
    };
}

/// <summary>
/// A role made by create-role; <see cref="ChangedAt"/> tells later commands whether IAM may still be propagating it.
/// What its trust requires is recorded so launch-instance can say so before AssumeRole refuses: that an external
/// id is needed, never the id itself. <see cref="ManagedInstancesScope"/>: the role has create-role --scope
/// managed-instances's inline policy, so a refusal names that policy rather than advising AmazonEC2FullAccess.
/// </summary>
public sealed record RoleRecord(
    string Arn,
    string Name,
    string AccountId,
    string SourceAccountId,
    IReadOnlyList<string> PolicyArns,
    DateTimeOffset? ChangedAt = null,
    int? MaxSessionDurationSeconds = null,
    bool ExternalIdRequired = false,
    bool MfaRequired = false,
    bool ManagedInstancesScope = false)
{
    /// <summary>
    /// The instance types the role's scoped policy allows (create-role --allowed-instance-types), so launch-instance
    /// refuses another type before AWS would; null: any.
    /// </summary>
    public IReadOnlyList<string>? AllowedInstanceTypes { get; init; }

    /// <summary>
    /// The role the destination profile assumed to reach this member account (create-role --destination-accounts, e.g.
    /// OrganizationAccountAccessRole); null: the destination profile acted in the account itself. status and teardown
    /// reach the account the same way without being told again.
    /// </summary>
    public string? DestinationRole { get; init; }

    /// <summary>Fields this version does not know, kept on rewrite.</summary>
    [JsonExtensionData, JsonInclude]
    public Dictionary<string, JsonElement>? UnknownFields { get; internal set; }
}

/// <summary>
/// One RunInstances call. Written with its client token and its exact request before the call, so a rerun after a
/// crash sends the very same request again (EC2 then answers with the launch it already made instead of launching
/// twice); the instance ids are added the moment RunInstances answers. <see cref="Request"/> is null in files written
/// before it was recorded.
/// </summary>
public sealed record LaunchRecord(
    string ClientToken,
    string RoleArn,
    string Region,
    int Count,
    IReadOnlyList<string> InstanceIds,
    DateTimeOffset StartedAt,
    LaunchRequest? Request = null)
{
    /// <summary>Fields this version does not know, kept on rewrite.</summary>
    [JsonExtensionData, JsonInclude]
    public Dictionary<string, JsonElement>? UnknownFields { get; internal set; }
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StateDocument))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
