using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// Finds managed policies the way the tutorial's <c>aws_iam_policy</c> data source does: by name among the
/// AWS-managed policies, or by ARN. Tries the well-known ARN first (one request), and lists only if that misses.
/// The tutorial's own policy, <see cref="Ec2FullAccess"/>, is not looked up: AWS manages it in every partition,
/// so its ARN there is known, and were it missing, AttachRolePolicy's NoSuchEntity would say so (see RoleApplier).
/// </summary>
public sealed class PolicyResolver
{
    /// <summary>The tutorial's policy, create-role's default.</summary>
    public const string Ec2FullAccess = "AmazonEC2FullAccess";

    private readonly IIamApi _iam;
    private readonly string _partition;
    private IReadOnlyList<ManagedPolicyRef>? _awsManaged;

    public PolicyResolver(IIamApi iam, string partition)
    {
        _iam = iam;
        _partition = partition;
    }

    public async Task<IReadOnlyList<ManagedPolicyRef>> ResolveAsync(IEnumerable<string> names, IEnumerable<string> arns, CancellationToken ct)
    {
        var found = new List<ManagedPolicyRef>();
        foreach (var name in names)
        {
            found.Add(await FindByNameAsync(name, ct));
        }

        foreach (var arn in arns)
        {
            found.Add(await _iam.GetPolicyAsync(arn, ct)
                ?? throw new CliException($"No managed policy has ARN {arn}."));
        }

        return found.DistinctBy(p => p.Arn, StringComparer.Ordinal).ToList();
    }

    /// <summary>An AWS-managed policy's ARN in the partition: <c>arn:aws:iam::aws:policy/NAME</c>.</summary>
    public static ManagedPolicyRef AwsManaged(string partition, string name) => new(name, $"arn:{partition}:iam::aws:policy/{name}");

    private async Task<ManagedPolicyRef> FindByNameAsync(string name, CancellationToken ct)
    {
        if (name == Ec2FullAccess)
        {
            return AwsManaged(_partition, name);
        }

        var direct = await _iam.GetPolicyAsync(AwsManaged(_partition, name).Arn, ct);
        if (direct is not null)
        {
            return direct;
        }

        _awsManaged ??= await _iam.ListAwsManagedPoliciesAsync(ct);
        return _awsManaged.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal))
            ?? throw new CliException($"No AWS-managed policy is named '{name}'; check --policy-name, or pass --policy-arn.");
    }
}
