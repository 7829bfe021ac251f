using AssumeRoleCli.Aws;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>What launch-instance is asked for.</summary>
public sealed record LaunchSpec(
    RoleArn Role,
    string Region,
    string InstanceType,
    string? ImageId,
    int Count,
    string? SubnetId,
    IReadOnlyList<string> SecurityGroupIds,
    string? KeyName,
    IReadOnlyDictionary<string, string> UserTags);

/// <summary>
/// The launch as data. <see cref="Running"/> are instances this state already launched for the role that are still
/// alive; <see cref="ToLaunch"/> is what is missing to reach the wanted count (Terraform's count semantics, so a
/// rerun adds nothing). <see cref="Unfinished"/> is a launch that crashed before RunInstances answered: the
/// instances it started (found by its token tag) are <see cref="Adopted"/>; if it started none, its client token is
/// reused, so EC2 cannot launch twice. <see cref="FirstNewIndex"/> numbers the new instances after every one the
/// state records (see <see cref="InstanceAddresses"/>).
/// </summary>
public sealed record InstancePlan(
    LaunchSpec Spec,
    MachineImage Image,
    IReadOnlyList<InstanceInfo> Running,
    int ToLaunch,
    string ClientToken,
    LaunchRecord? Unfinished,
    IReadOnlyList<InstanceInfo> Adopted)
{
    public const string ResourceType = InstanceAddresses.ResourceType;

    public int FirstNewIndex { get; init; } = Running.Count;

    /// <summary>The addresses of the instances this plan launches, in launch order.</summary>
    public IReadOnlyList<string> NewAddresses => NewIndexes.Select(InstanceAddresses.Of).ToList();

    private IEnumerable<int> NewIndexes => Enumerable.Range(FirstNewIndex, ToLaunch);

    public Plan ToPlan() => new(NewIndexes
        .Select(index => new ResourceChange(ChangeAction.Create, ResourceType, InstanceAddresses.Name,
        [
            AttributeChange.Added("account", PlanValue.Text(Spec.Role.AccountId)),
            AttributeChange.Added("ami", PlanValue.Text(Image.ImageId)),
            AttributeChange.Added("id", PlanValue.KnownAfterApply),
            AttributeChange.Added("instance_type", PlanValue.Text(Spec.InstanceType)),
            AttributeChange.Added("tags", PlanValue.Map(Tags())),
            .. Optional("subnet_id", Spec.SubnetId),
            .. Optional("key_name", Spec.KeyName),
            .. Optional("vpc_security_group_ids", Spec.SecurityGroupIds),
        ],
        index))
        .ToList());

    /// <summary>Every tag set at launch: the user's, a Name, and ours that let teardown find the instance.</summary>
    public IReadOnlyDictionary<string, string> Tags()
    {
        var tags = new Dictionary<string, string>(Spec.UserTags, StringComparer.Ordinal);
        tags.TryAdd("Name", $"assumerole-{Spec.Role.RoleName}");
        foreach (var (key, value) in ManagedTags.ForInstance(Spec.Role.ToString()))
        {
            tags[key] = value;
        }

        tags[ManagedTags.ClientTokenKey] = ClientToken;
        return tags;
    }

    private static IEnumerable<AttributeChange> Optional(string name, string? value) =>
        value is null ? [] : [AttributeChange.Added(name, PlanValue.Text(value))];

    private static IEnumerable<AttributeChange> Optional(string name, IReadOnlyList<string> values) =>
        values.Count == 0 ? [] : [AttributeChange.Added(name, PlanValue.Set(values))];
}

/// <summary>Plans launches through the assumed role's EC2 client, changing nothing. Knows nothing of the console.</summary>
public sealed class InstancePlanner
{
    public const string CanonicalOwner = "099720109477";
    public const string UbuntuNamePattern = "ubuntu/images/hvm-ssd*/ubuntu-*-amd64-server-*";

    private static readonly string[] AliveStates = ["pending", "running"];
    private static readonly string[] AnyState = ["pending", "running", "shutting-down", "terminated", "stopping", "stopped"];

    private readonly IEc2Api _ec2;

    public InstancePlanner(IEc2Api ec2)
    {
        _ec2 = ec2;
    }

    /// <summary>The newest Canonical Ubuntu image, as the tutorial's aws_ami data source picks it.</summary>
    public async Task<MachineImage> FindUbuntuImageAsync(string region, CancellationToken ct)
    {
        var images = await _ec2.DescribeImagesAsync(CanonicalOwner, UbuntuNamePattern, ct);
        return images
            .OrderByDescending(i => i.CreationDate, StringComparer.Ordinal)
            .ThenByDescending(i => i.Name, StringComparer.Ordinal)
            .FirstOrDefault()
            ?? throw new CliException($"No Ubuntu image found in {region}: owner {CanonicalOwner}, name filter '{UbuntuNamePattern}'. Pass --ami.");
    }

    public async Task<InstancePlan> PlanAsync(LaunchSpec spec, MachineImage image, StateDocument state, Func<string> newClientToken, CancellationToken ct)
    {
        var launches = state.LaunchesOf(spec.Role, spec.Region).ToList();
        var unfinished = launches.FirstOrDefault(l => l.InstanceIds.Count == 0);
        IReadOnlyList<InstanceInfo> adopted = unfinished is null
            ? []
            : await _ec2.FindInstancesAsync(new Dictionary<string, string> { [ManagedTags.ClientTokenKey] = unfinished.ClientToken }, AnyState, ct);

        var recordedIds = launches.SelectMany(l => l.InstanceIds).ToList();
        var recorded = await _ec2.DescribeInstancesAsync(recordedIds, ct);
        var alive = adopted.Concat(recorded)
            .Where(i => AliveStates.Contains(i.State) && InstanceInventory.IsTaggedFor(i, spec.Role))
            .DistinctBy(i => i.InstanceId)
            .ToList();
        var token = unfinished is not null && adopted.Count == 0 ? unfinished.ClientToken : newClientToken();
        var numbered = recordedIds.Concat(adopted.Select(i => i.InstanceId)).Distinct(StringComparer.Ordinal).Count();
        return new InstancePlan(spec, image, alive, Math.Max(0, spec.Count - alive.Count), token, unfinished, adopted) { FirstNewIndex = numbered };
    }
}
