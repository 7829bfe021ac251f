using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Tests.Fakes;

/// <summary>
/// An in-memory EC2 for planner tests. As IEc2Api promises, DescribeInstances leaves unknown ids out.
/// Records every write.
/// </summary>
internal sealed class FakeEc2Api : IEc2Api
{
    private readonly Dictionary<string, InstanceInfo> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _pollsUntilTerminated = new(StringComparer.Ordinal);

    public List<string> Writes { get; } = [];

    /// <summary>How many DescribeInstances calls after TerminateInstances an instance stays shutting-down.</summary>
    public int ShuttingDownPolls { get; set; }

    public int DescribeCalls { get; private set; }

    public InstanceInfo Add(
        string id, string state = "running", IReadOnlyDictionary<string, string>? tags = null, DateTimeOffset? launchTime = null, string? stateReason = null)
    {
        var instance = new InstanceInfo(id, state, "t2.micro", "ami-12345678", "111122223333", tags ?? new Dictionary<string, string>(), launchTime, StateReason: stateReason);
        _instances[id] = instance;
        return instance;
    }

    public string StateOf(string id) => _instances[id].State;

    /// <summary>The images whose name matches the pattern, as EC2's name filter matches it (* any run, ? one character).</summary>
    public Task<IReadOnlyList<MachineImage>> DescribeImagesAsync(string owner, string namePattern, CancellationToken ct)
    {
        var glob = new System.Text.RegularExpressions.Regex(
            "^" + System.Text.RegularExpressions.Regex.Escape(namePattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$");
        return Task.FromResult<IReadOnlyList<MachineImage>>(Images.Where(i => glob.IsMatch(i.Name)).ToList());
    }

    public List<MachineImage> Images { get; } = [];

    /// <summary>Instance types EC2 knows; empty means every type.</summary>
    public HashSet<string> KnownInstanceTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>The reservation's owner for launches (the role's account by default).</summary>
    public string OwnerId { get; set; } = "111122223333";

    public List<LaunchRequest> Launches { get; } = [];

    /// <summary>The state RunInstances answers (and leaves) its instances in: pending, as EC2 does, unless a test says otherwise.</summary>
    public string LaunchedState { get; set; } = "pending";

    /// <summary>When true, pending instances are running by the time anyone describes them.</summary>
    public bool StartsBeforeDescribed { get; set; }

    /// <summary>The next RunInstances fails with this, once.</summary>
    public Exception? NextRunInstancesError { get; set; }

    public Task<bool> InstanceTypeExistsAsync(string instanceType, CancellationToken ct) =>
        Task.FromResult(KnownInstanceTypes.Count == 0 || KnownInstanceTypes.Contains(instanceType));

    public Task<LaunchedReservation> RunInstancesAsync(LaunchRequest request, CancellationToken ct)
    {
        Writes.Add($"RunInstances {request.Count} {request.ClientToken}");
        Launches.Add(request);
        if (NextRunInstancesError is { } error)
        {
            NextRunInstancesError = null;
            return Task.FromException<LaunchedReservation>(error);
        }

        var started = Enumerable.Range(0, request.Count)
            .Select(_ => Add($"i-{Guid.NewGuid():N}"[..19], LaunchedState, request.Tags) with { ImageId = request.ImageId, InstanceType = request.InstanceType })
            .ToList();
        foreach (var instance in started)
        {
            _instances[instance.InstanceId] = instance;
        }

        return Task.FromResult(new LaunchedReservation(OwnerId, started));
    }

    /// <summary>Every pending instance becomes running (what EC2 does within seconds).</summary>
    public void StartAll()
    {
        foreach (var (id, instance) in _instances.Where(i => i.Value.State == "pending").ToList())
        {
            _instances[id] = instance with { State = "running" };
        }
    }

    public Task<IReadOnlyList<InstanceInfo>> DescribeInstancesAsync(IReadOnlyCollection<string> instanceIds, CancellationToken ct)
    {
        DescribeCalls++;
        if (StartsBeforeDescribed)
        {
            StartAll();
        }

        foreach (var id in instanceIds.Where(_pollsUntilTerminated.ContainsKey))
        {
            if (--_pollsUntilTerminated[id] < 0)
            {
                _pollsUntilTerminated.Remove(id);
                _instances[id] = _instances[id] with { State = "terminated" };
            }
        }

        return Task.FromResult<IReadOnlyList<InstanceInfo>>(instanceIds.Where(_instances.ContainsKey).Select(id => _instances[id]).ToList());
    }

    public Task<IReadOnlyList<InstanceInfo>> FindInstancesAsync(IReadOnlyDictionary<string, string> tags, IReadOnlyCollection<string> states, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<InstanceInfo>>(_instances.Values
            .Where(i => states.Contains(i.State) && tags.All(t => i.Tags.TryGetValue(t.Key, out var value) && value == t.Value))
            .ToList());

    public Task<IReadOnlyDictionary<string, string>> TerminateInstancesAsync(IReadOnlyCollection<string> instanceIds, CancellationToken ct)
    {
        Writes.Add($"TerminateInstances {string.Join(" ", instanceIds)}");
        foreach (var id in instanceIds)
        {
            _instances[id] = _instances[id] with { State = ShuttingDownPolls > 0 ? "shutting-down" : "terminated" };
            if (ShuttingDownPolls > 0)
            {
                _pollsUntilTerminated[id] = ShuttingDownPolls;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(instanceIds.ToDictionary(id => id, id => _instances[id].State, StringComparer.Ordinal));
    }
}
