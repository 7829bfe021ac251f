using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Tests.Provisioning;

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

    public InstanceInfo Add(string id, string state = "running", IReadOnlyDictionary<string, string>? tags = null)
    {
        var instance = new InstanceInfo(id, state, "t2.micro", "ami-12345678", "111122223333", tags ?? new Dictionary<string, string>());
        _instances[id] = instance;
        return instance;
    }

    public string StateOf(string id) => _instances[id].State;

    public Task<IReadOnlyList<MachineImage>> DescribeImagesAsync(string owner, string namePattern, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<MachineImage>>([]);

    public Task EnsureInstanceTypeExistsAsync(string instanceType, CancellationToken ct) => Task.CompletedTask;

    public Task<LaunchedReservation> RunInstancesAsync(LaunchRequest request, CancellationToken ct) =>
        throw new NotSupportedException("FakeEc2Api does not launch.");

    public Task<IReadOnlyList<InstanceInfo>> DescribeInstancesAsync(IReadOnlyCollection<string> instanceIds, CancellationToken ct)
    {
        DescribeCalls++;
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

    public Task TerminateInstancesAsync(IReadOnlyCollection<string> instanceIds, CancellationToken ct)
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

        return Task.CompletedTask;
    }
}
