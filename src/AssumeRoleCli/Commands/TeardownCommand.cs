using System.CommandLine;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Commands;

/// <summary>Everything teardown needs, parsed and validated; knows nothing of System.CommandLine.</summary>
/// <param name="RoleArn">--role-arn; null when not given.</param>
/// <param name="RoleName">--role-name; null when not given (never both).</param>
public sealed record TeardownOptions(
    string SourceProfile,
    string DestinationProfile,
    RoleArn? RoleArn,
    string? RoleName,
    string? Region,
    bool KeepRole,
    TimeSpan WaitTimeout,
    bool AutoApprove,
    OutputFormat Output,
    string StatePath);

public sealed record TeardownResult(IReadOnlyList<string> Terminated, bool RoleDeleted, string RoleArn);

/// <summary>
/// teardown: terminate every instance launched through the role (found in the state file and by our tags), then
/// delete the role, if this tool created it. A plan whose changes are all deletions.
/// </summary>
public sealed class TeardownCommand
{
    private readonly CliServices _services;

    public TeardownCommand(CliServices services)
    {
        _services = services;
    }

    public static Command Create(CliServices services) => CommandSyntax.Create(new Syntax(), new TeardownCommand(services).RunAsync);

    /// <summary>Parses and validates a teardown command line (the half that knows about parsing).</summary>
    public static TeardownOptions ParseOptions(params string[] args) => CommandSyntax.Parse(new Syntax(), args);

    public async Task<int> RunAsync(TeardownOptions options, CancellationToken ct)
    {
        var terminal = _services.Terminal;
        var planOut = terminal.PlanWriter(options.Output);
        Func<string, Task> say = terminal.Error.WriteLineAsync;
        using var state = StateFile.Open(options.StatePath);
        var (sessions, role, region) = await ResolveAsync(options, state, ct);

        // Plan: every refusal is decided here, before anything changes.
        var clock = _services.NewWaitClock();
        var destinationIam = sessions.Destination is null ? null : _services.Clients.Iam(sessions.Destination);
        var roleHalf = await TeardownPlanner.PlanRoleAsync(destinationIam, sessions.WhyNoDestination, role, options.KeepRole, ct);
        foreach (var other in TeardownState.OtherRegions(state.Current, role, region))
        {
            await say($"Note: the state file also records instances of this role in {other}; rerun with --region {other} to destroy those.");
        }

        var recordedIds = TeardownState.RecordedIds(state.Current, role, region);
        var access = new TeardownAccess(_services.Clients, clock, _services.RolePropagationGrace, say);
        var (ec2, instances) = await access.FindAsync(
            sessions, roleHalf, _services.RoleMayStillBePropagating(state.Current, role), found => TeardownPlanner.PlanInstancesAsync(found, role, recordedIds, ct), ct);
        foreach (var skipped in instances.NotOurs)
        {
            await say($"Skipping {skipped.InstanceId} ({skipped.State}): the state file lists it, but it is not tagged " +
                $"{ManagedTags.ManagedByKey}={ManagedTags.ManagedByValue} for this role, so it is left untouched (and forgotten).");
        }

        var teardown = new TeardownPlan(role, instances, roleHalf);
        var plan = teardown.ToPlan();
        await planOut.WriteAsync(plan.IsEmpty ? NothingToDestroy : PlanRenderer.Render(plan));
        if (!plan.IsEmpty)
        {
            await Confirmation.RequireAsync(terminal, Confirmation.DestroyQuestion, options.AutoApprove, ct);
        }

        // Apply, recording each part the moment it is done.
        var applier = new TeardownApplier(clock, say);
        var terminated = await applier.TerminateAsync(ec2, instances.TerminateIds, options.WaitTimeout, ct);
        state.Update(s => TeardownState.ForgetInstances(s, role, region, instances.ToForget));
        var roleDeleted = roleHalf.Delete && await applier.DeleteRoleAsync(destinationIam!, role, ct);
        if (roleHalf.Delete || roleHalf.Status == RoleStatus.Absent)
        {
            state.Update(s => TeardownState.ForgetRole(s, role));
        }

        var destroyed = terminated.Count + (roleDeleted ? 1 : 0);
        await planOut.WriteLineAsync($"{Environment.NewLine}Destroy complete! Resources: {destroyed} destroyed.");
        var result = new TeardownResult(terminated, roleDeleted, role.ToString());
        await ResultWriter.WriteAsync(terminal, options.Output, result, OutputJsonContext.Default.TeardownResult, []);
        return ExitCodes.Success;
    }

    private static string NothingToDestroy =>
        $"No changes. No objects need to be destroyed.{Environment.NewLine}{Environment.NewLine}" +
        $"Either nothing was created yet, or it was already deleted.{Environment.NewLine}";

    /// <summary>The profiles (either may be missing), who they are, the role, and the one region everything happens in.</summary>
    private async Task<(TeardownSessions Sessions, RoleArn Role, string Region)> ResolveAsync(TeardownOptions options, StateFile state, CancellationToken ct)
    {
        var profiles = _services.Profiles;
        var destination = profiles.TryResolve(options.DestinationProfile, options.Region);

        // Without either profile there is nothing to work with: fail as every command does for a missing source.
        var source = profiles.TryResolve(options.SourceProfile, options.Region)
            ?? (destination is null ? profiles.Resolve(options.SourceProfile, options.Region) : null);
        if (source is not null && destination is not null && source.Region.SystemName != destination.Region.SystemName)
        {
            // The state file records launches per region: instances are looked for in one, the source profile's.
            destination = new AwsSession(destination.ProfileName, destination.Credentials, source.Region, destination.CredentialsFile);
        }

        var sourceIdentity = source is null ? null : await _services.Clients.Sts(source).GetCallerIdentityAsync(ct);
        var destinationIdentity = destination is null ? null : await _services.Clients.Sts(destination).GetCallerIdentityAsync(ct);
        var role = TeardownTarget.ResolveRole(
            options.RoleArn, options.RoleName, state.Current.Role, destinationIdentity, CreateRoleCommand.DefaultRoleName, options.DestinationProfile, state.Path);

        var whyNoDestination =
            destinationIdentity is null ? $"profile '{options.DestinationProfile}' was not found in {profiles.FilesRead}"
            : destinationIdentity.Account != role.AccountId ? $"profile '{options.DestinationProfile}' signs in to account {destinationIdentity.Account}, not {role.AccountId}"
            : "";
        var sessions = new TeardownSessions(
            options.SourceProfile, source, sourceIdentity, options.DestinationProfile, whyNoDestination.Length == 0 ? destination : null, whyNoDestination);
        return (sessions, role, (source ?? destination)!.Region.SystemName);
    }

    /// <summary>The command line of teardown: its options, and how they become <see cref="TeardownOptions"/>.</summary>
    private sealed class Syntax : ICommandSyntax<TeardownOptions>
    {
        private readonly Option<string> _sourceProfile = CommonOptions.SourceProfile();
        private readonly Option<string> _destinationProfile = CommonOptions.DestinationProfile();
        private readonly Option<string?> _roleArn = new("--role-arn")
        {
            Description = $"The role to tear down, by ARN (default: the role in the state file, else {CreateRoleCommand.DefaultRoleName} in the destination account).",
        };

        private readonly Option<string?> _roleName = new("--role-name")
        {
            Description = "The role to tear down, by name, in the destination profile's account.",
        };

        private readonly Option<string?> _region = CommonOptions.Region();
        private readonly Option<bool> _keepRole = new("--keep-role")
        {
            Description = "Terminate the instances only; leave the role in place.",
        };

        private readonly Option<TimeSpan> _waitTimeout = CommonOptions.WaitTimeout();
        private readonly Option<bool> _autoApprove = CommonOptions.AutoApprove();
        private readonly Option<string> _output = CommonOptions.Output();
        private readonly Option<string> _state = CommonOptions.State();

        public Command Build() => new("teardown", "Destroy what this tool created: terminate the instances launched through the role, then delete the role.")
        {
            _sourceProfile, _destinationProfile, _roleArn, _roleName, _region, _keepRole, _waitTimeout, _autoApprove, _output, _state,
        };

        public TeardownOptions Bind(ParseResult parsed)
        {
            var roleArn = parsed.GetValue(_roleArn);
            var roleName = parsed.GetValue(_roleName);
            if (roleArn is not null && roleName is not null)
            {
                throw CliException.Usage("--role-arn and --role-name name the same thing: pass one of them.");
            }

            if (roleName is not null && !Naming.IsValidRoleName(roleName))
            {
                throw CliException.Usage($"--role-name '{roleName}' is not a valid IAM role name: use 1-64 of A-Z a-z 0-9 + = , . @ _ -.");
            }

            return new TeardownOptions(
                parsed.GetValue(_sourceProfile)!,
                parsed.GetValue(_destinationProfile)!,
                roleArn is null ? null : RoleArn.ParseOrUsageError(roleArn),
                roleName,
                parsed.GetValue(_region),
                parsed.GetValue(_keepRole),
                parsed.GetValue(_waitTimeout),
                parsed.GetValue(_autoApprove),
                CommonOptions.ParseOutput(parsed.GetValue(_output)!),
                parsed.GetValue(_state)!);
        }
    }
}
