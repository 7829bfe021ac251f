using AssumeRoleCli.Aws;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>What launch-instance is asked for.</summary>
/// <param name="ImageId">The AMI named with --ami, or found by the Ubuntu search.</param>
/// <param name="ImageIsExplicit">True when --ami named the image: running instances of another image are then a change.</param>
public sealed record LaunchSpec(
    RoleArn Role,
    string Region,
    string InstanceType,
    string ImageId,
    bool ImageIsExplicit,
    int? Count,
    string? SubnetId,
    IReadOnlyList<string> SecurityGroupIds,
    string? KeyName,
    IReadOnlyDictionary<string, string> UserTags)
{
    /// <summary>
    /// --ttl's expiry, tagged on the instances launched now (RunInstances' TagSpecifications); null: none. Running
    /// instances keep theirs: tags are set only at launch (the managed-instances policy allows no later tagging).
    /// </summary>
    public Expiry? Expiry { get; init; }
}

/// <summary>
/// The launch as data, with Terraform's count semantics. <see cref="Running"/> are the role's live instances in the
/// region, found by our tags whoever launched them, oldest first (pending ones included); <see cref="Request"/>
/// launches what is missing to reach the wanted count, and <see cref="Excess"/> are the newest ones beyond it, to be
/// destroyed. An interrupted launch (its token is in
/// the state, no ids) comes first: the instances it started are <see cref="Adopted"/>, or, if it started none, its exact
/// recorded request is sent again with the same client token, so EC2 cannot launch twice.
/// <see cref="FirstNewIndex"/> numbers the new instances after every one the state records (see <see cref="InstanceAddresses"/>).
/// </summary>
public sealed record InstancePlan(
    LaunchSpec Spec,
    IReadOnlyList<InstanceInfo> Running,
    LaunchRequest? Request,
    IReadOnlyList<InstanceInfo> Excess,
    LaunchRecord? Unfinished,
    IReadOnlyList<InstanceInfo> Adopted)
{
    public const string ResourceType = InstanceAddresses.ResourceType;

    public int ToLaunch => Request?.Count ?? 0;

    /// <summary>True when the request replays an interrupted launch instead of what was asked for this time.</summary>
    public bool ReplaysInterruptedLaunch => Request is not null && Unfinished is not null && Request.ClientToken == Unfinished.ClientToken;

    public int FirstNewIndex { get; init; } = Running.Count;

    /// <summary>Every known instance's index in its address (see <see cref="InstanceAddresses"/>).</summary>
    public IReadOnlyDictionary<string, int> Indexes { get; init; } = new Dictionary<string, int>();

    /// <summary>The addresses of the instances this plan launches, in launch order.</summary>
    public IReadOnlyList<string> NewAddresses => NewIndexes.Select(InstanceAddresses.Of).ToList();

    /// <summary>The excess instances with their addresses (the newest first).</summary>
    public IReadOnlyList<(string Address, string Id)> ExcessAddresses =>
        Excess.Select(i => (InstanceAddresses.Of(IndexOf(i)), i.InstanceId)).ToList();

    /// <summary>Instances to wait for after the apply: those launched now, and those still pending from an earlier run.</summary>
    public IReadOnlyList<string> StillPending => Running.Except(Excess).Where(i => i.State == "pending").Select(i => i.InstanceId).ToList();

    /// <summary>The live instances tagged for the role that the state file does not record (launched from another folder, or its state was lost).</summary>
    public IReadOnlyList<InstanceInfo> FoundByTag =>
        Running.Where(i => !RecordedIds.Contains(i.InstanceId) && !Adopted.Any(a => a.InstanceId == i.InstanceId)).ToList();

    /// <summary>The instance ids the state file records for the role in the region.</summary>
    public IReadOnlySet<string> RecordedIds { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    private IEnumerable<int> NewIndexes => Enumerable.Range(FirstNewIndex, ToLaunch);

    public Plan ToPlan()
    {
        var changes = new List<ResourceChange>();
        if (Request is { } request)
        {
            changes.AddRange(NewIndexes.Select(index => new ResourceChange(ChangeAction.Create, ResourceType, InstanceAddresses.Name,
            [
                AttributeChange.Added("account", PlanValue.Text(Spec.Role.AccountId)),
                AttributeChange.Added("ami", PlanValue.Text(request.ImageId)),
                AttributeChange.Added("id", PlanValue.KnownAfterApply),
                AttributeChange.Added("instance_type", PlanValue.Text(request.InstanceType)),
                AttributeChange.Added("tags", PlanValue.Map(request.Tags)),
                .. Optional("subnet_id", request.SubnetId),
                .. Optional("key_name", request.KeyName),
                .. Optional("vpc_security_group_ids", request.SecurityGroupIds),
            ],
            index)));
        }

        changes.AddRange(Excess.Select(i => new ResourceChange(ChangeAction.Delete, ResourceType, InstanceAddresses.Name,
        [
            AttributeChange.Removed("ami", PlanValue.Text(i.ImageId)),
            AttributeChange.Removed("id", PlanValue.Text(i.InstanceId)),
            AttributeChange.Removed("instance_state", PlanValue.Text(i.State)),
            AttributeChange.Removed("instance_type", PlanValue.Text(i.InstanceType)),
        ],
        IndexOf(i))
        {
            Because = $"index [{IndexOf(i)}] is out of range for count",
        }));
        return new Plan(changes) { Notes = KeptExpiries().ToList() };
    }

    /// <summary>Every tag set at launch: the user's, a Name, and ours that let teardown find the instance.</summary>
    public static Dictionary<string, string> TagsFor(LaunchSpec spec, string clientToken)
    {
        var tags = new Dictionary<string, string>(spec.UserTags, StringComparer.Ordinal);
        tags.TryAdd("Name", $"assumerole-{spec.Role.RoleName}");
        foreach (var (key, value) in ManagedTags.ForInstance(spec.Role.ToString()))
        {
            tags[key] = value;
        }

        tags[ManagedTags.ClientTokenKey] = clientToken;
        if (spec.Expiry is { } expiry)
        {
            tags[ManagedTags.ExpiresAtKey] = expiry.Tag;
        }

        return tags;
    }

    /// <summary>With --ttl, the running instances that stay say they keep the expiry they have: only new ones get the new one.</summary>
    private IEnumerable<string> KeptExpiries() => Spec.Expiry is null
        ? []
        : Running.Except(Excess).Select(i =>
            $"{InstanceAddresses.Of(IndexOf(i))} ({i.InstanceId}) keeps its tags (it {Expiry.Describe(Expiry.Of(i.Tags))}): --ttl applies to the instances launched now, as tags are set only at launch.");

    private int IndexOf(InstanceInfo instance) => Indexes.TryGetValue(instance.InstanceId, out var index) ? index : Running.ToList().IndexOf(instance);

    private static IEnumerable<AttributeChange> Optional(string name, string? value) =>
        value is null ? [] : [AttributeChange.Added(name, PlanValue.Text(value))];

    private static IEnumerable<AttributeChange> Optional(string name, IReadOnlyList<string> values) =>
        values.Count == 0 ? [] : [AttributeChange.Added(name, PlanValue.Set(values))];
}

/// <summary>
/// What EC2 showed of a role's launches in a region: the interrupted one (if any), the ids the state records, every
/// instance tagged for the role (in any state, whichever state file or folder launched it), and those of them the
/// interrupted launch started (by its token tag).
/// </summary>
public sealed record LaunchObservation(
    LaunchRecord? Unfinished,
    IReadOnlyList<string> RecordedIds,
    IReadOnlyList<InstanceInfo> Described,
    IReadOnlyList<InstanceInfo> Adopted);

/// <summary>Plans launches through the assumed role's EC2 client, changing nothing. Knows nothing of the console.</summary>
public sealed class InstancePlanner
{
    /// <summary>
    /// Canonical's server images of the current LTS (24.04, noble), any storage flavour (hvm-ssd, hvm-ssd-gp3): one
    /// release, so the newest build never jumps to another release with Canonical's rebuild order. --ami overrides it.
    /// </summary>
    public const string UbuntuNamePattern = "ubuntu/images/hvm-ssd*/ubuntu-noble-24.04-amd64-server-*";

    private static readonly string[] AliveStates = ["pending", "running"];
    private static readonly string[] AnyState = ["pending", "running", "shutting-down", "terminated", "stopping", "stopped"];

    private readonly IEc2Api _ec2;

    public InstancePlanner(IEc2Api ec2)
    {
        _ec2 = ec2;
    }

    /// <summary>Canonical's account in each partition (aws-cn and aws-us-gov have their own); null where it publishes none.</summary>
    public static string? CanonicalOwner(string partition) => partition switch
    {
        "aws" => "099720109477",
        "aws-cn" => "837727238323",
        "aws-us-gov" => "513442679011",
        _ => null,
    };

    /// <summary>The newest Canonical Ubuntu image of the current LTS, as the tutorial's aws_ami data source picks one (most_recent).</summary>
    public async Task<MachineImage> FindUbuntuImageAsync(string partition, string region, CancellationToken ct)
    {
        var owner = CanonicalOwner(partition)
            ?? throw CliException.Usage($"Canonical publishes no Ubuntu images in partition {partition} ({region}); pass --ami.");
        var images = await _ec2.DescribeImagesAsync(owner, UbuntuNamePattern, ct);
        return images
            .OrderByDescending(i => i.CreationDate, StringComparer.Ordinal)
            .ThenByDescending(i => i.Name, StringComparer.Ordinal)
            .FirstOrDefault()
            ?? throw new CliException($"No Ubuntu image found in {region}: owner {owner}, name filter '{UbuntuNamePattern}'. Pass --ami.");
    }

    /// <summary>
    /// What EC2 shows of the role's launches in the region, in one search by our role tag, as status and teardown
    /// find them: the count is what runs for the role, not what this state file happens to remember (a lost state
    /// file, or another folder with --role-arn, must not double the fleet). The state adds what tags cannot say: the
    /// order of launch, and the interrupted launch's exact request and token. Needs no image, so it can run alongside
    /// the image search.
    /// </summary>
    public async Task<LaunchObservation> ObserveAsync(RoleArn role, string region, StateDocument state, CancellationToken ct)
    {
        var launches = state.LaunchesOf(role, region).ToList();
        var unfinished = launches.FirstOrDefault(l => l.InstanceIds.Count == 0);

        // Every state: the interrupted launch's instances count as started even if already terminated.
        var tagged = (await _ec2.FindInstancesAsync(ManagedTags.ForInstance(role.ToString()), AnyState, ct))
            .Where(i => InstanceInventory.IsTaggedFor(i, role))
            .ToList();
        var adopted = unfinished is null
            ? []
            : tagged.Where(i => i.Tags.TryGetValue(ManagedTags.ClientTokenKey, out var token) && token == unfinished.ClientToken).ToList();

        // Oldest first: the state lists launches in the order they were made, and each launch's ids in EC2's order.
        var recordedIds = launches.SelectMany(l => l.InstanceIds).ToList();
        return new LaunchObservation(unfinished, recordedIds, tagged, adopted);
    }

    /// <summary>The plan for <paramref name="spec"/> from what <see cref="ObserveAsync"/> saw; reads nothing.</summary>
    public static InstancePlan Decide(LaunchSpec spec, LaunchObservation seen, Func<string> newClientToken)
    {
        var (unfinished, recordedIds, described, adopted) = seen;
        var alive = described.Concat(adopted)
            .Where(i => AliveStates.Contains(i.State) && InstanceInventory.IsTaggedFor(i, spec.Role))
            .DistinctBy(i => i.InstanceId)
            .ToList();
        RefuseChangedInstances(spec, alive);

        // Recorded ids keep their numbers; instances only the tags show (launched from elsewhere) continue the count, oldest first.
        var indexes = InstanceAddresses.Assign(recordedIds, adopted.Concat(alive));
        alive = [.. alive.OrderBy(i => indexes[i.InstanceId])];
        var recorded = recordedIds.ToHashSet(StringComparer.Ordinal);

        if (unfinished is not null && adopted.Count == 0)
        {
            // Nothing of the interrupted launch is visible: send exactly what was sent, with the same token, first.
            var replay = unfinished.Request ?? NewRequest(spec, unfinished.Count, unfinished.ClientToken);
            return new InstancePlan(spec, alive, replay, [], unfinished, adopted) { FirstNewIndex = indexes.Count, Indexes = indexes, RecordedIds = recorded };
        }

        // No count asked for: as many as run already (at least one), so a plain rerun never terminates anything.
        var missing = (spec.Count ?? Math.Max(alive.Count, 1)) - alive.Count;
        var request = missing > 0 ? NewRequest(spec, missing, newClientToken()) : null;
        var excess = missing < 0 ? alive.TakeLast(-missing).Reverse().ToList() : [];
        return new InstancePlan(spec, alive, request, excess, unfinished, adopted) { FirstNewIndex = indexes.Count, Indexes = indexes, RecordedIds = recorded };
    }

    private static LaunchRequest NewRequest(LaunchSpec spec, int count, string clientToken) => new(
        spec.ImageId, spec.InstanceType, count, clientToken, spec.SubnetId, spec.SecurityGroupIds, spec.KeyName, InstancePlan.TagsFor(spec, clientToken));

    /// <summary>
    /// Instances of another type (or, with --ami, another image) are not what was asked for: Terraform would replace
    /// them. This tool refuses in one line rather than destroying running instances as a side effect of a rerun.
    /// </summary>
    private static void RefuseChangedInstances(LaunchSpec spec, IReadOnlyList<InstanceInfo> alive)
    {
        var other = alive.FirstOrDefault(i => i.InstanceType != spec.InstanceType || (spec.ImageIsExplicit && i.ImageId != spec.ImageId));
        if (other is not null)
        {
            throw CliException.Usage(
                $"Instance {other.InstanceId} runs {other.InstanceType} from {other.ImageId}, not {spec.InstanceType}" +
                (spec.ImageIsExplicit ? $" from {spec.ImageId}" : "") +
                ": replacing running instances is not done by launch-instance. Run 'assumerole teardown --keep-role' first, " +
                "or pass the --instance-type and --ami they have. Nothing was changed.");
        }
    }
}
