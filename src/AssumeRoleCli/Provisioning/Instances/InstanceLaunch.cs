using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>The instances launch-instance is asked for. <see cref="Ami"/> null: the newest Ubuntu image.</summary>
public sealed record InstanceRequest(
    string InstanceType, string? Ami, int? Count, string? SubnetId, IReadOnlyList<string> SecurityGroupIds, string? KeyName, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>--ttl: the instances launched now expire that long from now; null: none is set.</summary>
    public TimeSpan? Ttl { get; init; }
}

/// <summary>What launch-instance read and decided, before anything changes (adopted instances aside, see <see cref="InstanceLaunch.PlanAsync"/>).</summary>
/// <param name="Ec2">EC2 with the role's credentials.</param>
public sealed record PlannedLaunch(ReachedRole Reached, string Region, MachineImage Image, InstancePlan Instances, Plan Plan, IEc2Api Ec2);

/// <summary>
/// launch-instance's choreography: the role reached from the source, then the image (and instance type) and the
/// role's instances read at once with its credentials, the launch planned; then, once confirmed, applied.
/// </summary>
public sealed class InstanceLaunch
{
    public const string DefaultInstanceType = "t2.micro";

    private readonly IAwsClientFactory _clients;
    private readonly RoleFromSource _roleFromSource;
    private readonly TimeProvider _time;
    private readonly IApplyProgress _progress;

    /// <summary>Where the accounts of a launch across accounts share one image lookup; null: this launch looks for itself.</summary>
    public SharedImage? Image { get; init; }

    public InstanceLaunch(IAwsClientFactory clients, RoleFromSource roleFromSource, TimeProvider time, IApplyProgress progress)
    {
        _clients = clients;
        _roleFromSource = roleFromSource;
        _time = time;
        _progress = progress;
    }

    /// <summary>
    /// Assumes <paramref name="role"/> from the source and plans the launch. Instances an interrupted launch started are
    /// recorded now (unless <paramref name="dryRun"/>): they exist whatever the user answers.
    /// </summary>
    /// <param name="completeMfa">The command's settings with the MFA device of the source, once the source is known.</param>
    /// <param name="say">Prints the one line that says where the source came from, when it was not named.</param>
    public Task<PlannedLaunch> PlanAsync(
        ProfileResolver profiles, string? sourceProfile, string? region, Func<SourceCredentials, AssumeRoleSettings> completeMfa, RoleArn role, StateFile state,
        InstanceRequest request, bool dryRun, Func<string, Task> say, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(state);
        return PlanThroughAsync(
            token => _roleFromSource.AssumeAsync(profiles, sourceProfile, region, completeMfa, role, state.Current, _time.GetUtcNow(), say, token), role, state, request, dryRun, ct);
    }

    /// <summary>
    /// As <see cref="PlanAsync"/>, the role reached by <paramref name="reach"/> (launch-instance across accounts reaches
    /// every account's role with one source resolved once).
    /// </summary>
    public async Task<PlannedLaunch> PlanThroughAsync(
        Func<CancellationToken, Task<ReachedRole>> reach, RoleArn role, StateFile state, InstanceRequest request, bool dryRun, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reach);
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(request);
        RefuseTypesTheRoleMayNotLaunch(role, state.Current, request.InstanceType); // before AssumeRole: nothing to ask AWS
        try
        {
            return await PlanReachedAsync(reach, role, state, request, dryRun, ct);
        }
        finally
        {
            await _progress.StoppedAsync(Instances); // a failed read too: among many accounts, the run goes on without its timer
        }
    }

    private const string Instances = "aws_instance.this";

    private async Task<PlannedLaunch> PlanReachedAsync(
        Func<CancellationToken, Task<ReachedRole>> reach, RoleArn role, StateFile state, InstanceRequest request, bool dryRun, CancellationToken ct)
    {
        // Planning's reads (AssumeRole, the image, the role's instances) say so when they are slow, as Terraform's refresh.
        await _progress.RefreshingAsync(Instances);
        var reached = await reach(ct);
        var ec2 = _clients.Ec2(reached.Session);
        var planner = new InstancePlanner(ec2);
        var launchRegion = reached.Source.Region.SystemName;

        // The image (and instance type) and the role's instances are independent reads: asked at the same time.
        var imageRead = reached.RetryWhilePropagatingAsync(
            () => Image is null ? FindImageAsync(request, planner, ec2, role.Partition, launchRegion, ct) : Image.GetAsync(() => FindImageAsync(request, planner, ec2, role.Partition, launchRegion, ct)),
            ct);
        var instancesRead = reached.RetryWhilePropagatingAsync(() => planner.ObserveAsync(role, launchRegion, state.Current, ct), ct);
        MachineImage image;
        try
        {
            await Task.WhenAll(imageRead, instancesRead);
            image = await imageRead;
        }
        catch (AmazonServiceException error) when (error.IsIn(AwsErrorCodes.NotAuthorized))
        {
            throw new RoleNotAuthorizedException(role, $"describe EC2 images, instance types and instances in account {role.AccountId}", error,
                state.Current.RoleOf(role)?.ManagedInstancesScope ?? false);
        }

        await _progress.StoppedAsync(Instances);
        var spec = new LaunchSpec(
            role, launchRegion, request.InstanceType, image.ImageId, request.Ami is not null, request.Count, request.SubnetId, request.SecurityGroupIds, request.KeyName, request.Tags)
        {
            Expiry = request.Ttl is { } ttl ? Expiry.After(ttl, _time) : null,
        };
        var instancePlan = InstancePlanner.Decide(spec, await instancesRead, () => Guid.NewGuid().ToString("N"));
        if (instancePlan.Adopted.Count > 0)
        {
            await _progress.NoteAsync($"Found {instancePlan.Adopted.Count} instance(s) from an interrupted launch; " +
                (dryRun ? "a run without --dry-run records them." : "recording them."));
            if (!dryRun)
            {
                Applier(ec2, state, reached, ct).RecordAdopted(instancePlan);
            }
        }

        if (instancePlan.FoundByTag is { Count: > 0 } found)
        {
            await _progress.NoteAsync($"Counting {found.Count} instance(s) of {role.RoleName} in {launchRegion} that this state file does not record " +
                $"(found by their {ManagedTags.RoleKey} tag): {string.Join(", ", found.Select(i => i.InstanceId))}.");
        }

        var plan = instancePlan.ToPlan() with { Target = new PlanTarget([role.AccountId], launchRegion, Profile: null, AssumedWith: reached.SourceDescription) };
        return new PlannedLaunch(reached, launchRegion, image, instancePlan, plan, ec2);
    }

    /// <summary>
    /// Launches (and scales down) as planned and confirmed; also when the plan is empty, instances an earlier run left
    /// pending are waited for. Returns the ids launched.
    /// </summary>
    /// <param name="timeout">How long to wait for the instances to run; null: not waited for.</param>
    public Task<IReadOnlyList<string>> ApplyAsync(PlannedLaunch planned, StateFile state, TimeSpan? timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return Applier(planned.Ec2, state, planned.Reached, ct).ApplyAsync(planned.Instances, timeout, ct);
    }

    /// <summary>Applies with the role's credentials; RunInstances is retried while a new role may still be propagating.</summary>
    private InstanceApplier Applier(IEc2Api ec2, StateFile state, ReachedRole reached, CancellationToken ct) => new(ec2, state, _time, _progress)
    {
        WhileRolePropagates = call => reached.RetryWhilePropagatingAsync(call, ct),
    };

    /// <summary>
    /// A type the role's scoped policy does not allow (create-role --allowed-instance-types, as the state file records
    /// them) is refused before anything is asked of AWS, which would refuse RunInstances only after the plan.
    /// </summary>
    private static void RefuseTypesTheRoleMayNotLaunch(RoleArn role, StateDocument state, string instanceType)
    {
        if (state.RoleOf(role)?.AllowedInstanceTypes is { Count: > 0 } allowed && !allowed.Contains(instanceType, StringComparer.Ordinal))
        {
            throw CliException.Usage(
                $"Role {role.RoleName} may launch only {string.Join(", ", allowed)} (create-role --allowed-instance-types), not {instanceType}: " +
                "pass --instance-type with one of those, or rerun create-role with the type added.");
        }
    }

    /// <summary>The image to launch, checking a non-default instance type at the same time as the image search.</summary>
    private static async Task<MachineImage> FindImageAsync(InstanceRequest request, InstancePlanner planner, IEc2Api ec2, string partition, string region, CancellationToken ct)
    {
        var typeKnown = request.InstanceType == DefaultInstanceType ? Task.FromResult(true) : ec2.InstanceTypeExistsAsync(request.InstanceType, ct);
        var image = request.Ami is { } ami ? Task.FromResult(new MachineImage(ami, "", "")) : planner.FindUbuntuImageAsync(partition, region, ct);
        await Task.WhenAll(typeKnown, image);
        if (!await typeKnown)
        {
            throw CliException.Usage($"--instance-type '{request.InstanceType}' is not an instance type EC2 knows in {region}; for example t2.micro.");
        }

        return await image;
    }
}
