using System.CommandLine;
using Amazon.Runtime;
using System.Text.RegularExpressions;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Commands;

/// <summary>Everything launch-instance needs, parsed and validated; knows nothing of System.CommandLine.</summary>
public sealed record LaunchInstanceOptions(
    string SourceProfile,
    RoleArn? RoleArn,
    string? Region,
    string InstanceType,
    string? Ami,
    int Count,
    string? SubnetId,
    IReadOnlyList<string> SecurityGroupIds,
    string? KeyName,
    IReadOnlyDictionary<string, string> Tags,
    string SessionName,
    int DurationSeconds,
    bool NoWait,
    TimeSpan WaitTimeout,
    bool AutoApprove,
    OutputFormat Output,
    string StatePath);

public sealed record LaunchInstanceResult(
    string InstanceId,
    IReadOnlyList<string> InstanceIds,
    string Account,
    string Region,
    string RoleArn,
    string Ami,
    string InstanceType);

/// <summary>
/// launch-instance: with only the source profile, assume the role and launch EC2 instances in the role's account
/// with nothing but the temporary credentials.
/// </summary>
public sealed partial class LaunchInstanceCommand
{
    public const string DefaultInstanceType = "t2.micro";
    public const string DefaultSessionName = "assumerole-cli";

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
        using var state = StateFile.Open(options.StatePath);
        var role = options.RoleArn ?? (state.Current.Role is { } recorded ? RoleArn.ParseOrUsageError(recorded.Arn) : null)
            ?? throw CliException.Usage($"No role to assume: pass --role-arn, or run 'assumerole create-role' first (state file {state.Path} records none).");

        var source = _services.Profiles.Resolve(options.SourceProfile, options.Region);
        var sts = _services.Clients.Sts(source);
        var identity = await sts.GetCallerIdentityAsync(ct);
        if (identity.IsRootUser)
        {
            throw new CliException($"{identity.RootUserCannotAssume(options.SourceProfile)}. Use an IAM user or role of that account.");
        }

        var clock = _services.NewWaitClock();
        var assumer = new RoleAssumer(sts, clock, _services.RolePropagationGrace, terminal.Error.WriteLineAsync);
        var assumed = await assumer.AssumeAsync(role, identity, options.SessionName, options.DurationSeconds, ct);
        var ec2 = _services.Clients.Ec2(source.WithCredentials(assumed.Credentials));
        var planner = new InstancePlanner(ec2);
        var region = source.Region.SystemName;

        MachineImage image;
        try
        {
            image = await assumer.FirstCallAsync(role, _services.RoleMayStillBePropagating(state.Current, role), () => FindImageAsync(options, planner, ec2, region, ct), ct);
        }
        catch (AmazonServiceException error) when (AwsErrorMessages.IsAuthorizationFailure(error))
        {
            throw AwsErrorMessages.RoleNotAuthorized(error, role.ToString(), $"describe EC2 images and instance types in account {role.AccountId}");
        }

        var spec = new LaunchSpec(role, region, options.InstanceType, image.ImageId, options.Count, options.SubnetId, options.SecurityGroupIds, options.KeyName, options.Tags);
        var instancePlan = await planner.PlanAsync(spec, image, state.Current, () => Guid.NewGuid().ToString("N"), ct);
        if (instancePlan.Adopted.Count > 0)
        {
            await terminal.Error.WriteLineAsync($"Found {instancePlan.Adopted.Count} instance(s) from an interrupted launch; recording them.");
            state.Update(s => WithInstanceIds(s, instancePlan.Unfinished!.ClientToken, instancePlan.Adopted.Select(i => i.InstanceId).ToList()));
        }

        var plan = instancePlan.ToPlan();
        var planOut = terminal.PlanWriter(options.Output);
        await planOut.WriteAsync(PlanRenderer.Render(plan));
        var instanceIds = instancePlan.Running.Select(i => i.InstanceId).ToList();
        if (!plan.IsEmpty)
        {
            await Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, options.AutoApprove, ct);
            instanceIds.AddRange(await LaunchAndWaitAsync(options, state, instancePlan, ec2, clock, ct));
            await planOut.WriteLineAsync($"{Environment.NewLine}{plan.ApplyComplete}{Environment.NewLine}");
        }

        var result = new LaunchInstanceResult(instanceIds.FirstOrDefault() ?? "", instanceIds, role.AccountId, region, role.ToString(), image.ImageId, options.InstanceType);
        List<(string, string)> lines = [("instance_id", ResultWriter.Quote(result.InstanceId))];
        if (instanceIds.Count > 1)
        {
            lines.Add(("instance_ids", ResultWriter.List(instanceIds)));
        }

        await ResultWriter.WriteAsync(terminal, options.Output, result, OutputJsonContext.Default.LaunchInstanceResult, lines);
        return ExitCodes.Success;
    }

    private async Task<IReadOnlyList<string>> LaunchAndWaitAsync(
        LaunchInstanceOptions options, StateFile state, InstancePlan plan, IEc2Api ec2, IWaitClock clock, CancellationToken ct)
    {
        var terminal = _services.Terminal;
        var role = plan.Spec.Role;

        // The token is on disk before RunInstances is sent: a rerun after a crash finds or reuses it, never launching twice.
        state.Update(s => s with
        {
            Launches = [.. s.Launches.Where(l => l.ClientToken != plan.ClientToken),
                new LaunchRecord(plan.ClientToken, role.ToString(), plan.Spec.Region, plan.ToLaunch, [], _services.Time.GetUtcNow())],
        });
        var started = clock.Now;
        var firstAddress = $"{InstancePlan.ResourceType}.this[{plan.Running.Count}]";
        await terminal.Error.WriteLineAsync($"{firstAddress}: Creating...");
        LaunchedReservation reservation;
        try
        {
            reservation = await new InstancePlanner(ec2).LaunchAsync(plan, ct);
        }
        catch (AmazonServiceException error) when ((int)error.StatusCode is >= 400 and < 500)
        {
            // EC2 refused the request itself, so nothing was launched: forget the token, or a corrected rerun would
            // reuse it with other parameters. (After a 5xx or a lost connection the outcome is unknown: keep it.)
            state.Update(s => s with { Launches = s.Launches.Where(l => l.ClientToken != plan.ClientToken).ToList() });
            throw AwsErrorMessages.IsAuthorizationFailure(error)
                ? AwsErrorMessages.RoleNotAuthorized(error, role.ToString(), $"launch instances (ec2:RunInstances) in account {role.AccountId}")
                : error;
        }

        var launched = reservation.Instances.Select(i => i.InstanceId).ToList();
        state.Update(s => WithInstanceIds(s, plan.ClientToken, launched));

        if (reservation.OwnerId != role.AccountId)
        {
            throw new CliException(
                $"Instances {string.Join(", ", launched)} were launched in account {reservation.OwnerId}, not in the role's account {role.AccountId}; " +
                "they are recorded in the state file, and 'assumerole teardown' removes them.");
        }

        await terminal.Error.WriteLineAsync($"Launched {string.Join(", ", launched)} in account {reservation.OwnerId} (the reservation's owner) as {role.RoleName}.");
        if (!options.NoWait)
        {
            await new InstanceWaiter(clock).WaitForStateAsync(
                ec2,
                launched,
                "running",
                options.WaitTimeout,
                elapsed => terminal.Error.WriteLineAsync($"{firstAddress}: Still creating... [{(int)elapsed.TotalSeconds}s elapsed]"),
                ct);
        }

        var verb = options.NoWait ? "Launch requested" : "Creation complete";
        await terminal.Error.WriteLineAsync($"{firstAddress}: {verb} after {(int)(clock.Now - started).TotalSeconds}s [id={launched.FirstOrDefault()}]");
        return launched;
    }

    private static async Task<MachineImage> FindImageAsync(LaunchInstanceOptions options, InstancePlanner planner, IEc2Api ec2, string region, CancellationToken ct)
    {
        if (options.InstanceType != DefaultInstanceType)
        {
            await ec2.EnsureInstanceTypeExistsAsync(options.InstanceType, ct);
        }

        return options.Ami is { } ami ? new MachineImage(ami, "", "") : await planner.FindUbuntuImageAsync(region, ct);
    }


    private static StateDocument WithInstanceIds(StateDocument state, string clientToken, IReadOnlyList<string> ids) => state with
    {
        Launches = state.Launches.Select(l => l.ClientToken == clientToken ? l with { InstanceIds = ids } : l).ToList(),
    };

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionNamePattern();

    [GeneratedRegex(@"^ami-[0-9a-f]{8,17}$")]
    private static partial Regex AmiPattern();

    [GeneratedRegex(@"^subnet-[0-9a-f]{8,17}$")]
    private static partial Regex SubnetPattern();

    [GeneratedRegex(@"^sg-[0-9a-f]{8,17}$")]
    private static partial Regex SecurityGroupPattern();
}
