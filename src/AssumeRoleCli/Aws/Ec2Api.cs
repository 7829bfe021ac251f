using Amazon.EC2;
using Amazon.EC2.Model;

namespace AssumeRoleCli.Aws;

/// <summary>An AMI, as needed to pick the newest.</summary>
public sealed record MachineImage(string ImageId, string Name, string CreationDate);

/// <summary>An instance as the commands show and wait on it.</summary>
/// <param name="LaunchTime">Null when EC2 did not say (never for a real instance).</param>
/// <param name="PrivateIp">Null until EC2 assigns one.</param>
/// <param name="PublicIp">Null when the instance has none.</param>
/// <param name="StateReason">EC2's reason for the last state change (e.g. "Client.VolumeLimitExceeded: Volume limit exceeded"); null when it gave none.</param>
public sealed record InstanceInfo(
    string InstanceId,
    string State,
    string InstanceType,
    string ImageId,
    string OwnerId,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset? LaunchTime = null,
    string? PrivateIp = null,
    string? PublicIp = null,
    string AvailabilityZone = "",
    string? StateReason = null);

/// <summary>What RunInstances is asked for. Tags are applied at launch, so no instance ever exists untagged.</summary>
public sealed record LaunchRequest(
    string ImageId,
    string InstanceType,
    int Count,
    string ClientToken,
    string? SubnetId,
    IReadOnlyList<string> SecurityGroupIds,
    string? KeyName,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>RunInstances' answer: the reservation's owner account and the instances it started.</summary>
public sealed record LaunchedReservation(string OwnerId, IReadOnlyList<InstanceInfo> Instances);

/// <summary>EC2, thinly: each method is one operation (all pages); decisions stay with the caller.</summary>
public interface IEc2Api
{
    Task<IReadOnlyList<MachineImage>> DescribeImagesAsync(string owner, string namePattern, CancellationToken ct);

    /// <summary>False when EC2 does not know the instance type.</summary>
    Task<bool> InstanceTypeExistsAsync(string instanceType, CancellationToken ct);

    Task<LaunchedReservation> RunInstancesAsync(LaunchRequest request, CancellationToken ct);

    /// <summary>
    /// The instances among <paramref name="instanceIds"/> that EC2 knows; unknown ids (long gone, or not yet visible
    /// right after RunInstances) are simply absent instead of failing the whole call.
    /// </summary>
    Task<IReadOnlyList<InstanceInfo>> DescribeInstancesAsync(IReadOnlyCollection<string> instanceIds, CancellationToken ct);

    /// <summary>Instances carrying every one of <paramref name="tags"/>, in one of <paramref name="states"/>.</summary>
    Task<IReadOnlyList<InstanceInfo>> FindInstancesAsync(IReadOnlyDictionary<string, string> tags, IReadOnlyCollection<string> states, CancellationToken ct);

    /// <summary>Terminates the instances; returns each one's state as TerminateInstances answered it (id → state).</summary>
    Task<IReadOnlyDictionary<string, string>> TerminateInstancesAsync(IReadOnlyCollection<string> instanceIds, CancellationToken ct);
}

internal sealed class Ec2Api : IEc2Api
{
    private readonly IAmazonEC2 _ec2;

    public Ec2Api(IAmazonEC2 ec2)
    {
        _ec2 = ec2;
    }

    public async Task<IReadOnlyList<MachineImage>> DescribeImagesAsync(string owner, string namePattern, CancellationToken ct)
    {
        var response = await _ec2.DescribeImagesAsync(
            new DescribeImagesRequest
            {
                Owners = [owner],
                Filters =
                [
                    new Filter("name", [namePattern]),
                    new Filter("state", ["available"]),
                ],
            },
            ct);
        return (response.Images ?? [])
            .Select(i => new MachineImage(i.ImageId ?? "", i.Name ?? "", i.CreationDate ?? ""))
            .ToList();
    }

    public async Task<bool> InstanceTypeExistsAsync(string instanceType, CancellationToken ct)
    {
        try
        {
            await _ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { InstanceTypes = [instanceType] }, ct);
            return true;
        }
        catch (AmazonEC2Exception error) when (error.Is(AwsErrorCodes.InvalidInstanceType) || error.Is(AwsErrorCodes.InvalidParameterValue))
        {
            return false;
        }
    }

    public async Task<LaunchedReservation> RunInstancesAsync(LaunchRequest request, CancellationToken ct)
    {
        var tags = request.Tags.Select(t => new Tag(t.Key, t.Value)).ToList();
        var response = await _ec2.RunInstancesAsync(
            new RunInstancesRequest
            {
                ImageId = request.ImageId,
                InstanceType = request.InstanceType,
                MinCount = request.Count,
                MaxCount = request.Count,
                ClientToken = request.ClientToken,
                SubnetId = request.SubnetId,
                SecurityGroupIds = request.SecurityGroupIds.Count > 0 ? request.SecurityGroupIds.ToList() : null,
                KeyName = request.KeyName,
                TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Instance, Tags = tags }],
            },
            ct);
        var reservation = response.Reservation ?? new Reservation();
        var owner = reservation.OwnerId ?? "";
        return new LaunchedReservation(owner, (reservation.Instances ?? []).Select(i => ToInfo(i, owner)).ToList());
    }

    public Task<IReadOnlyList<InstanceInfo>> DescribeInstancesAsync(IReadOnlyCollection<string> instanceIds, CancellationToken ct) =>
        instanceIds.Count == 0
            ? Task.FromResult<IReadOnlyList<InstanceInfo>>([])
            : DescribeAllAsync(new DescribeInstancesRequest { Filters = [new Filter("instance-id", instanceIds.ToList())] }, ct);

    public Task<IReadOnlyList<InstanceInfo>> FindInstancesAsync(IReadOnlyDictionary<string, string> tags, IReadOnlyCollection<string> states, CancellationToken ct)
    {
        var filters = tags.Select(t => new Filter($"tag:{t.Key}", [t.Value])).ToList();
        filters.Add(new Filter("instance-state-name", states.ToList()));
        return DescribeAllAsync(new DescribeInstancesRequest { Filters = filters }, ct);
    }

    public async Task<IReadOnlyDictionary<string, string>> TerminateInstancesAsync(IReadOnlyCollection<string> instanceIds, CancellationToken ct)
    {
        var response = await _ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = instanceIds.ToList() }, ct);
        return (response.TerminatingInstances ?? [])
            .Where(i => i.InstanceId is not null && i.CurrentState?.Name?.Value is not null)
            .GroupBy(i => i.InstanceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().CurrentState.Name.Value, StringComparer.Ordinal);
    }

    private async Task<IReadOnlyList<InstanceInfo>> DescribeAllAsync(DescribeInstancesRequest request, CancellationToken ct)
    {
        var instances = new List<InstanceInfo>();
        do
        {
            var page = await _ec2.DescribeInstancesAsync(request, ct);
            foreach (var reservation in page.Reservations ?? [])
            {
                instances.AddRange((reservation.Instances ?? []).Select(i => ToInfo(i, reservation.OwnerId ?? "")));
            }

            request.NextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(request.NextToken));
        return instances;
    }

    private static InstanceInfo ToInfo(Instance instance, string ownerId) => new(
        instance.InstanceId ?? "",
        instance.State?.Name?.Value ?? "unknown",
        instance.InstanceType?.Value ?? "",
        instance.ImageId ?? "",
        ownerId,
        (instance.Tags ?? []).Where(t => t.Key is not null).GroupBy(t => t.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value ?? "", StringComparer.Ordinal),
        instance.LaunchTime is { } launched ? new DateTimeOffset(AsUtc(launched), TimeSpan.Zero) : null,
        string.IsNullOrEmpty(instance.PrivateIpAddress) ? null : instance.PrivateIpAddress,
        string.IsNullOrEmpty(instance.PublicIpAddress) ? null : instance.PublicIpAddress,
        instance.Placement?.AvailabilityZone ?? "",
        string.IsNullOrWhiteSpace(instance.StateReason?.Message) ? null : instance.StateReason.Message);

    /// <summary>EC2 sends UTC; a time the SDK left unspecified is taken as such, a local one converted.</summary>
    private static DateTime AsUtc(DateTime time) =>
        time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
}
