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
/// reused, so EC2 cannot launch twice.
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
    public const string ResourceType = "aws_instance";

    public Plan ToPlan() => new(Enumerable.Range(Running.Count, ToLaunch)
        .Select(index => new ResourceChange(ChangeAction.Create, ResourceType, $"this[{index}]",
        [
            AttributeChange.Added("ami", Quote(Image.ImageId)),
            AttributeChange.Added("instance_type", Quote(Spec.InstanceType)),
            AttributeChange.Added("account", Quote(Spec.Role.AccountId)),
            AttributeChange.Added("tags", "{ " + string.Join(", ", Tags().Select(t => $"{Quote(t.Key)} = {Quote(t.Value)}")) + " }"),
            .. Optional("subnet_id", Spec.SubnetId),
            .. Optional("key_name", Spec.KeyName),
            .. Spec.SecurityGroupIds.Select(g => AttributeChange.Added("vpc_security_group_id", Quote(g))),
        ]))
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
        value is null ? [] : [AttributeChange.Added(name, Quote(value))];

    private static string Quote(string value) => $"\"{value}\"";
}

/// <summary>Plans and applies launches through the assumed role's EC2 client. Knows nothing of the console.</summary>
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
        var launches = state.Launches.Where(l => l.RoleArn == spec.Role.ToString() && l.Region == spec.Region).ToList();
        var unfinished = launches.FirstOrDefault(l => l.InstanceIds.Count == 0);
        IReadOnlyList<InstanceInfo> adopted = unfinished is null
            ? []
            : await _ec2.FindInstancesAsync(new Dictionary<string, string> { [ManagedTags.ClientTokenKey] = unfinished.ClientToken }, AnyState, ct);

        var recordedIds = launches.SelectMany(l => l.InstanceIds).ToList();
        var recorded = await _ec2.DescribeInstancesAsync(recordedIds, ct);
        var alive = adopted.Concat(recorded)
            .Where(i => AliveStates.Contains(i.State) && ManagedTags.IsOurs(i.Tags))
            .DistinctBy(i => i.InstanceId)
            .ToList();
        var token = unfinished is not null && adopted.Count == 0 ? unfinished.ClientToken : newClientToken();
        return new InstancePlan(spec, image, alive, Math.Max(0, spec.Count - alive.Count), token, unfinished, adopted);
    }

    public Task<LaunchedReservation> LaunchAsync(InstancePlan plan, CancellationToken ct) =>
        _ec2.RunInstancesAsync(
            new LaunchRequest(
                plan.Image.ImageId,
                plan.Spec.InstanceType,
                plan.ToLaunch,
                plan.ClientToken,
                plan.Spec.SubnetId,
                plan.Spec.SecurityGroupIds,
                plan.Spec.KeyName,
                plan.Tags()),
            ct);
}
