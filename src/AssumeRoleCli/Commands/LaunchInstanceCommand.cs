using System.CommandLine;
using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Commands;

/// <summary>Everything launch-instance needs, parsed and validated; knows nothing of System.CommandLine.</summary>
public sealed record LaunchInstanceOptions(
    string? SourceProfile,
    RoleArn? RoleArn,
    string? Region,
    string InstanceType,
    string? Ami,
    int Count,
    string? SubnetId,
    IReadOnlyList<string> SecurityGroupIds,
    string? KeyName,
    IReadOnlyDictionary<string, string> Tags,
    AssumeRoleSettings AssumeRole,
    bool NoWait,
    TimeSpan WaitTimeout,
    bool AutoApprove,
    OutputFormat Output,
    string StatePath,
    bool DryRun = false);

public sealed record LaunchInstanceResult(
    string InstanceId,
    IReadOnlyList<string> InstanceIds,
    string Account,
    string Region,
    string RoleArn,
    string Ami,
    string InstanceType,
    IReadOnlyList<string> Launched,
    bool Changed);

/// <summary>
/// launch-instance: with only the source profile, assume the role and launch EC2 instances in the role's account
/// with nothing but the temporary credentials.
/// </summary>
public sealed partial class LaunchInstanceCommand
{
    public const string DefaultInstanceType = "t2.micro";

    private readonly CliServices _services;

    public LaunchInstanceCommand(CliServices services)
    {
        _services = services;
    }

    public static Command Create(CliServices services) => CommandSyntax.Create(new Syntax(), new LaunchInstanceCommand(services).RunAsync);

    /// <summary>Parses and validates a launch-instance command line (the half that knows about parsing).</summary>
    public static LaunchInstanceOptions ParseOptions(params string[] args) => CommandSyntax.Parse(new Syntax(), args);

    public async Task<int> RunAsync(LaunchInstanceOptions options, CancellationToken ct)
    {
        var terminal = _services.Terminal;
        using var state = await _services.OpenStateAsync(options.StatePath);
        var role = RoleTarget.ToAssume(options.RoleArn, state.Current, state.Path);
        var mfaCodes = new MfaCodes(options.AssumeRole.MfaGiven.Code, terminal);
        var profiles = _services.ProfilesAsking(mfaCodes);
        using var progress = _services.NewProgress();
        // Planning's reads (AssumeRole, the image, the role's instances) say so when they are slow, as Terraform's refresh.
        const string Instances = "aws_instance.this";
        await progress.RefreshingAsync(Instances);
        var reached = await _services.RoleFromSource(progress, options.AssumeRole).AssumeAsync(
            profiles, options.SourceProfile, options.Region, AssumeRoleMfa.Completer(options.AssumeRole, profiles, mfaCodes), role, state.Current, _services.Time.GetUtcNow(),
            terminal.Error.WriteLineAsync, ct);
        var clock = _services.NewWaitClock();
        var ec2 = _services.Clients.Ec2(reached.Session);
        var planner = new InstancePlanner(ec2);
        var region = reached.Source.Region.SystemName;

        // The image (and instance type) and the role's instances are independent reads: asked at the same time.
        var imageRead = reached.RetryWhilePropagatingAsync(() => FindImageAsync(options, planner, ec2, role.Partition, region, ct), ct);
        var instancesRead = reached.RetryWhilePropagatingAsync(() => planner.ObserveAsync(role, region, state.Current, ct), ct);
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

        await progress.StoppedAsync(Instances);
        var spec = new LaunchSpec(
            role, region, options.InstanceType, image.ImageId, options.Ami is not null, options.Count, options.SubnetId, options.SecurityGroupIds, options.KeyName, options.Tags);
        var instancePlan = InstancePlanner.Decide(spec, await instancesRead, () => Guid.NewGuid().ToString("N"));
        var applier = new InstanceApplier(ec2, state, clock, _services.Time, progress)
        {
            WhileRolePropagates = call => reached.RetryWhilePropagatingAsync(call, ct),
        };
        if (instancePlan.Adopted.Count > 0)
        {
            await progress.NoteAsync($"Found {instancePlan.Adopted.Count} instance(s) from an interrupted launch; " +
                (options.DryRun ? "a run without --dry-run records them." : "recording them."));
            if (!options.DryRun)
            {
                applier.RecordAdopted(instancePlan);
            }
        }

        if (instancePlan.FoundByTag is { Count: > 0 } found)
        {
            await progress.NoteAsync($"Counting {found.Count} instance(s) of {role.RoleName} in {region} that this state file does not record " +
                $"(found by their {ManagedTags.RoleKey} tag): {string.Join(", ", found.Select(i => i.InstanceId))}.");
        }

        var plan = instancePlan.ToPlan() with { Target = new PlanTarget([role.AccountId], region, Profile: null, AssumedWith: reached.SourceDescription) };
        var planOut = terminal.PlanWriter(options.Output);
        await planOut.WriteAsync(PlanRenderer.Render(plan, terminal.PaletteFor(planOut)));
        if (options.DryRun)
        {
            return await DryRun.FinishAsync(terminal, options.Output, plan);
        }

        if (!plan.IsEmpty)
        {
            await Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, options.AutoApprove, ct);
        }

        // Also when the plan is empty: instances an earlier run left pending are waited for.
        var launched = await applier.ApplyAsync(instancePlan, options.NoWait ? null : options.WaitTimeout, ct);
        if (!plan.IsEmpty)
        {
            await planOut.WriteLineAsync($"{Environment.NewLine}{plan.ApplyComplete}{Environment.NewLine}");
        }

        var instanceIds = instancePlan.Running.Except(instancePlan.Excess).Select(i => i.InstanceId).Concat(launched).ToList();
        var result = new LaunchInstanceResult(instanceIds.FirstOrDefault() ?? "", instanceIds, role.AccountId, region, role.ToString(), image.ImageId, options.InstanceType, launched, !plan.IsEmpty);
        List<(string, string)> lines = [("instance_id", ResultWriter.Quote(result.InstanceId))];
        if (instanceIds.Count > 1)
        {
            lines.Add(("instance_ids", ResultWriter.List(instanceIds)));
        }

        await ResultWriter.WriteAsync(terminal, options.Output, result, OutputJsonContext.Default.LaunchInstanceResult, lines);
        return ExitCodes.Success;
    }

    /// <summary>The image to launch, checking a non-default instance type at the same time as the image search.</summary>
    private static async Task<MachineImage> FindImageAsync(LaunchInstanceOptions options, InstancePlanner planner, IEc2Api ec2, string partition, string region, CancellationToken ct)
    {
        var typeKnown = options.InstanceType == DefaultInstanceType ? Task.FromResult(true) : ec2.InstanceTypeExistsAsync(options.InstanceType, ct);
        var image = options.Ami is { } ami ? Task.FromResult(new MachineImage(ami, "", "")) : planner.FindUbuntuImageAsync(partition, region, ct);
        await Task.WhenAll(typeKnown, image);
        if (!await typeKnown)
        {
            throw CliException.Usage($"--instance-type '{options.InstanceType}' is not an instance type EC2 knows in {region}; for example t2.micro.");
        }

        return await image;
    }
}
