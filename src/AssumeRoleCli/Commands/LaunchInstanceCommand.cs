using System.CommandLine;
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
    int? Count,
    string? SubnetId,
    IReadOnlyList<string> SecurityGroupIds,
    string? KeyName,
    IReadOnlyDictionary<string, string> Tags,
    AssumeRoleSettings AssumeRole,
    bool NoWait,
    TimeSpan WaitTimeout,
    ApplySettings Apply)
{
    /// <summary>--ttl: the instances launched expire that long from now; null: none is set.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>--destination-accounts (narrowing the recorded roles), --parallel and --fail-fast; see <see cref="InstanceLaunchAcrossAccounts.Applies"/>.</summary>
    public FanOutSettings FanOut { get; init; } = FanOutSettings.None;

    /// <summary>The instances asked for, as planning needs them.</summary>
    public InstanceRequest Request => new(InstanceType, Ami, Count, SubnetId, SecurityGroupIds, KeyName, Tags) { Ttl = Ttl };
}

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
internal sealed partial class LaunchInstanceCommand(CliServices services) : CliCommand<LaunchInstanceOptions, LaunchInstanceCommand.Syntax>(services)
{
    public const string DefaultInstanceType = InstanceLaunch.DefaultInstanceType;

    public override async Task<int> RunAsync(LaunchInstanceOptions options, CancellationToken ct)
    {
        var terminal = Services.Terminal;
        using var state = await Services.OpenStateAsync(options.Apply.StatePath);
        if (InstanceLaunchAcrossAccounts.Applies(options.RoleArn, options.FanOut, state.Current))
        {
            return await RunAcrossAccountsAsync(options, state, ct);
        }

        var role = RoleTarget.ToAssume(options.RoleArn, state.Current, state.Path);
        var mfaCodes = new MfaCodes(options.AssumeRole.MfaGiven.Code, terminal);
        var profiles = Services.ProfilesAsking(mfaCodes);
        using var progress = Services.NewProgress();
        var launch = new InstanceLaunch(Services.Clients, Services.RoleFromSource(progress, options.AssumeRole), Services.Time, progress);
        var planned = await launch.PlanAsync(
            profiles, options.SourceProfile, options.Region, AssumeRoleMfa.Completer(options.AssumeRole, profiles, mfaCodes), role, state, options.Request, options.Apply.DryRun,
            terminal.Error.WriteLineAsync, ct);
        var planOut = terminal.PlanWriter(options.Apply.Output);
        await planOut.WriteAsync(PlanRenderer.Render(planned.Plan, terminal.PaletteFor(planOut)));
        if (options.Apply.DryRun)
        {
            return await DryRun.FinishAsync(terminal, options.Apply.Output, planned.Plan);
        }

        if (!planned.Plan.IsEmpty)
        {
            await Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, options.Apply.AutoApprove, ct);
        }

        var launched = await launch.ApplyAsync(planned, state, options.NoWait ? null : options.WaitTimeout, ct);
        if (!planned.Plan.IsEmpty)
        {
            await planOut.WriteLineAsync($"{Environment.NewLine}{planned.Plan.ApplyComplete}{Environment.NewLine}");
        }

        await WriteResultAsync(options, planned, launched);
        return ExitCodes.Success;
    }

    /// <summary>Every instance of the role once the launch is done: those that kept running, then those just launched.</summary>
    private Task WriteResultAsync(LaunchInstanceOptions options, PlannedLaunch planned, IReadOnlyList<string> launched)
    {
        var role = planned.Reached.Role;
        var instanceIds = planned.Instances.Running.Except(planned.Instances.Excess).Select(i => i.InstanceId).Concat(launched).ToList();
        var result = new LaunchInstanceResult(
            instanceIds.FirstOrDefault() ?? "", instanceIds, role.AccountId, planned.Region, role.ToString(), planned.Image.ImageId, options.InstanceType, launched, !planned.Plan.IsEmpty);
        List<(string, string)> lines = [("instance_id", ResultWriter.Quote(result.InstanceId))];
        if (instanceIds.Count > 1)
        {
            lines.Add(("instance_ids", ResultWriter.List(instanceIds)));
        }

        return ResultWriter.WriteAsync(Services.Terminal, options.Apply.Output, result, OutputJsonContext.Default.LaunchInstanceResult, lines);
    }
}
