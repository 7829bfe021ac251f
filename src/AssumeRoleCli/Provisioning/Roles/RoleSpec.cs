using System.Text;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// What <c>create-role --scope</c> gives the role: AWS's AmazonEC2FullAccess (the tutorial's), or an inline policy
/// that allows exactly what launch-instance and teardown do, and only to instances tagged as launched through
/// this role (<see cref="ManagedInstancesPolicy"/>).
/// </summary>
public enum RoleScope
{
    Ec2FullAccess,
    ManagedInstances,
}

/// <summary>
/// The role create-role should leave behind. <see cref="TrustPolicy"/> may hold an external id: this record's text
/// form shows it redacted.
/// </summary>
/// <param name="RoleArn">Null when known only once IAM creates the role (its account is then not asked for: CreateRole's answer names it).</param>
public sealed record RoleSpec(string RoleName, string? RoleArn, string SourceAccountId, string TrustPolicy, IReadOnlyList<ManagedPolicyRef> Policies)
{
    public const int MinMaxSessionDurationSeconds = 3600;
    public const int MaxMaxSessionDurationSeconds = 43200;

    /// <summary>The longest AssumeRole session the role allows (IAM's MaxSessionDuration).</summary>
    public int MaxSessionDurationSeconds { get; init; } = IamRole.DefaultMaxSessionDurationSeconds;

    /// <summary>The document of the role's <see cref="ManagedInstancesPolicy.PolicyName"/> inline policy; null: it has none.</summary>
    public string? ScopedPolicy { get; init; }

    /// <summary>
    /// The expiry to tag the role with (--ttl); null: none is set, and an existing role's stays as it is, so a plain
    /// rerun never removes or extends one.
    /// </summary>
    public Expiry? Expiry { get; init; }

    /// <summary>The tags a new role is created with.</summary>
    public IReadOnlyDictionary<string, string> Tags
    {
        get
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal) { [ManagedTags.ManagedByKey] = ManagedTags.ManagedByValue };
            if (Expiry is { } expiry)
            {
                tags[ManagedTags.ExpiresAtKey] = expiry.Tag;
            }

            return tags;
        }
    }

    public string Description => $"Assumable by account {SourceAccountId}; managed by AssumeRoleCli";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"RoleName = {RoleName}, RoleArn = {RoleArn ?? "(known after apply)"}, SourceAccountId = {SourceAccountId}, ");
        builder.Append($"TrustPolicy = {Provisioning.TrustPolicy.Redacted(TrustPolicy)}, Policies = [{string.Join(", ", Policies.Select(p => p.Arn))}], ");
        builder.Append($"MaxSessionDurationSeconds = {MaxSessionDurationSeconds}, ScopedPolicy = {ScopedPolicy ?? "null"}, Expiry = {Expiry?.Tag ?? "null"}");
        return true;
    }
}
