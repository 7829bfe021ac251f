namespace AssumeRoleCli.Provisioning;

/// <summary>What status found: every role it looked at, every instance of ours, and where AWS and the state file disagree.</summary>
public sealed record StatusReport(IReadOnlyList<RoleReport> Roles, IReadOnlyList<InstanceReport> Instances, IReadOnlyList<DriftReport> Drift);

/// <summary>One role as IAM and STS see it now.</summary>
/// <param name="Exists">Null when it could not be looked up: no destination profile of the role's account.</param>
/// <param name="Assumable">Whether the source profile could assume it just now.</param>
/// <param name="NotAssumableBecause">Why not, in words; null when it could.</param>
/// <param name="Recorded">Whether the state file records it.</param>
/// <param name="MaxSessionDuration">In seconds; null when not known.</param>
/// <param name="ExistsUnknownBecause">Why <paramref name="Exists"/> is null (e.g. the destination profile is missing); null otherwise.</param>
public sealed record RoleReport(
    string RoleArn,
    bool? Exists,
    bool Assumable,
    string? NotAssumableBecause,
    bool Recorded,
    IReadOnlyList<string> TrustPrincipals,
    IReadOnlyList<string> Policies,
    int? MaxSessionDuration,
    IReadOnlyDictionary<string, string> Tags,
    string? ExistsUnknownBecause = null)
{
    /// <summary>Its <see cref="ManagedTags.ExpiresAtKey"/> tag (UTC, ISO 8601); null when it has none.</summary>
    public string? ExpiresAt { get; init; }

    /// <summary>Past <see cref="ExpiresAt"/>: <c>teardown --expired</c> destroys it.</summary>
    public bool Expired { get; init; }

    /// <summary>When IAM last saw the role used (ISO 8601, UTC; GetRole's RoleLastUsed); null: not within its 400-day tracking, or not known.</summary>
    public string? LastUsed { get; init; }

    /// <summary>Where it was last used, when IAM says.</summary>
    public string? LastUsedRegion { get; init; }
}

/// <summary>One live instance of ours, with the address it has in plans.</summary>
/// <param name="LaunchTime">ISO 8601, UTC; null when EC2 did not say.</param>
public sealed record InstanceReport(
    string Address,
    string Id,
    string State,
    string Type,
    string Ami,
    string Region,
    string? LaunchTime,
    string Account,
    string? PrivateIp,
    string? PublicIp,
    string RoleArn)
{
    /// <summary>Its <see cref="ManagedTags.ExpiresAtKey"/> tag (UTC, ISO 8601); null when it has none.</summary>
    public string? ExpiresAt { get; init; }

    /// <summary>Past <see cref="ExpiresAt"/>: <c>teardown --expired</c> destroys it.</summary>
    public bool Expired { get; init; }
}

/// <summary>A difference between the state file and AWS.</summary>
/// <param name="Kind">missing (recorded, gone from AWS), extra (ours in AWS, not recorded) or changed (differs from what was recorded).</param>
/// <param name="Resource">The resource's address.</param>
public sealed record DriftReport(string Kind, string Resource, string Detail)
{
    public const string Missing = "missing";
    public const string Extra = "extra";
    public const string Changed = "changed";
}
