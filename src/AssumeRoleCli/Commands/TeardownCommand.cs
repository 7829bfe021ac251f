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
    string? SourceProfile,
    string DestinationProfile,
    RoleArn? RoleArn,
    string? RoleName,
    string? Region,
    bool KeepRole,
    AssumeRoleSettings AssumeRole,
    TimeSpan WaitTimeout,
    bool AutoApprove,
    OutputFormat Output,
    string StatePath,
    bool DryRun = false);

/// <param name="RoleArn">The first role torn down (kept for scripts written for one role); <see cref="RoleArns"/> has all.</param>
public sealed record TeardownResult(IReadOnlyList<string> Terminated, bool RoleDeleted, string RoleArn, IReadOnlyList<string> RoleArns, IReadOnlyList<string> RolesDeleted, bool Changed);

/// <summary>
/// teardown: for every role the state records (or the one named), terminate every instance launched through it
/// (found in the state file and by our tags), then delete the role, if this tool created it. A plan whose changes
/// are all deletions.
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
        using var progress = _services.NewProgress();
        using var state = await _services.OpenStateAsync(options.StatePath);
        var mfaCodes = new MfaCodes(options.AssumeRole.MfaGiven.Code, terminal);
        var profiles = _services.ProfilesAsking(mfaCodes);
        var sessions = await AccountSessions.ResolveAsync(
            profiles, _services.Clients, options.SourceProfile, options.DestinationProfile, options.Region, terminal.Error.WriteLineAsync, ct,
            askSource: false, askDestination: false);
        var region = sessions.Region;
        var roles = await RoleTarget.ToDestroyAsync(
            options.RoleArn, options.RoleName, state.Current, () => sessions.DestinationIdentityAsync(ct), options.DestinationProfile, state.Path);

        // Plan: every refusal, for every role, is decided here, before anything changes.
        var clock = _services.NewWaitClock();
        var sourceProfile = sessions.Source is null || sessions.SourceDescription == EnvironmentCredentials.Description ? null : sessions.Source.ProfileName;
        var assumeRole = sessions.Source is null ? options.AssumeRole : AssumeRoleMfa.Complete(options.AssumeRole, sourceProfile, profiles, mfaCodes);
        var cache = _services.CredentialCache(assumeRole);
        var access = new RoleAccess(_services.Clients, clock, _services.RolePropagationGrace, progress, cache);
        var plans = new List<(TeardownPlan Plan, IEc2Api Ec2, IIamApi? Iam)>();
        foreach (var role in roles)
        {
            // Who the destination is is not asked: GetRole's answer with the role's ARN shows it is the role's account.
            var (destination, whyNot) = sessions.DestinationPresumedFor(role);
            var iam = destination is null ? null : _services.Clients.Iam(destination);
            var roleIsNew = state.Current.RoleChangedWithin(role, _services.RolePropagationGrace, _services.Time.GetUtcNow());
            var otherRegions = state.Current.OtherRegionsOf(role, region);

            // GetRole (destination profile) and AssumeRole (source) are independent: asked at once. Then the role's
            // policies, and the instance search through the role once IAM has said the role is there. IAM saying it is
            // gone ends any wait for a new role to become assumable; a failed role read (the command's error) stops the search.
            var recordedIds = state.Current.InstanceIdsOf(role, region);
            var roleAddress = RolePlan.AddressOf(role);
            await progress.RefreshingAsync(roleAddress, role.RoleName); // said only when the reads are slow
            using var planning = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var roleFound = TeardownPlanner.FindRoleAsync(sessions, iam, whyNot, role, options.KeepRole, clock, roleIsNew ? _services.RolePropagationGrace : TimeSpan.Zero, ct);
            var roleRead = TeardownPlanner.WithPoliciesAsync(iam, roleFound, ct);
            var instancesRead = access.UseAsync(
                sessions, assumeRole.For(role), null, roleIsNew, found => InstanceInventory.FindAsync(found, role, recordedIds, planning.Token), planning.Token,
                RoleExistsAsync(roleFound, planning), RoleHoldsNoPolicyAsync(roleRead));
            await Task.WhenAll(roleRead, instancesRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // both end; the role's error first
            await progress.StoppedAsync(roleAddress);
            var decision = await roleRead;
            var (ec2, instances) = await instancesRead;
            if (otherRegions.Count > 0)
            {
                // Deleting the role would leave those instances running with no role to reach them through.
                var regions = string.Join(", ", otherRegions);
                var rerun = string.Join(" and ", otherRegions.Select(r => $"--region {r}"));
                await progress.NoteAsync(decision.Delete
                    ? $"Keeping role {role.RoleName}: the state file also records its instances in {regions}; rerun teardown with {rerun} to destroy those, then the role."
                    : $"Note: the state file also records instances of {role.RoleName} in {regions}; rerun with {rerun} to destroy those.");
                decision = decision.Delete ? RoleTeardown.Kept(role, decision.Status) : decision;
            }

            foreach (var skipped in instances.NotOurs)
            {
                await progress.NoteAsync($"Skipping {skipped.InstanceId} ({skipped.State}): the state file lists it, but it is not tagged " +
                    $"{ManagedTags.ManagedByKey}={ManagedTags.ManagedByValue} for {role}, so it is left untouched (and forgotten).");
            }

            plans.Add((new TeardownPlan(role, instances, decision), ec2, iam));
        }

        var plan = TeardownPlan.Combine(plans.Select(p => p.Plan)) with
        {
            Target = new PlanTarget(
                roles.Select(r => r.AccountId).Distinct(StringComparer.Ordinal).ToList(),
                region,
                sessions.Destination is null ? null : options.DestinationProfile,
                sessions.Source is null ? null : sessions.SourceDescription),
        };
        await planOut.WriteAsync(PlanRenderer.Render(plan, terminal.PaletteFor(planOut)));
        if (options.DryRun)
        {
            return await DryRun.FinishAsync(terminal, options.Output, plan);
        }

        if (!plan.IsEmpty)
        {
            await Confirmation.RequireAsync(terminal, Confirmation.DestroyQuestion, options.AutoApprove, ct);
        }

        // Apply, recording each part the moment it is done.
        var applier = new TeardownApplier(progress, new IamConflictRetry(clock, progress));
        var terminator = new InstanceTerminator(clock, progress);
        var terminated = new List<string>();
        var deleted = new List<string>();
        var policiesDeleted = 0;
        foreach (var (teardown, ec2, iam) in plans)
        {
            var role = teardown.Role;
            terminated.AddRange(await terminator.TerminateAsync(ec2, teardown.Instances.TerminateIds, teardown.Instances.AddressOf, options.WaitTimeout, ct));
            state.Update(s => s.WithoutInstances(role, region, teardown.Instances.ToForget));
            if (teardown.RoleDecision.Delete && await applier.DeleteScopedPolicyAsync(iam!, teardown.RoleDecision, ct))
            {
                policiesDeleted++;
            }

            if (teardown.RoleDecision.Delete && await applier.DeleteRoleAsync(iam!, teardown.RoleDecision, ct))
            {
                deleted.Add(role.ToString());
            }

            if (teardown.RoleDecision.Delete || teardown.RoleDecision.Status == RoleStatus.Absent)
            {
                state.Update(s => s.WithoutRole(role));
                await ForgetCachedSessionsAsync(cache, role, progress);
            }
        }

        var destroyed = terminated.Count + policiesDeleted + deleted.Count;
        await planOut.WriteLineAsync($"{Environment.NewLine}Destroy complete! Resources: {destroyed} destroyed.");
        var result = new TeardownResult(terminated, deleted.Count > 0, roles[0].ToString(), roles.Select(r => r.ToString()).ToList(), deleted, destroyed > 0);
        await ResultWriter.WriteAsync(terminal, options.Output, result, OutputJsonContext.Default.TeardownResult, []);
        return ExitCodes.Success;
    }

    /// <summary>The role is gone: its cached MFA sessions are dead, and a role made again under its name must not get them.</summary>
    private static async Task ForgetCachedSessionsAsync(CliCredentialCache? cache, RoleArn role, TerraformProgress progress)
    {
        if (cache?.Forget(role) is > 0 and var removed)
        {
            await progress.NoteAsync($"Removed {removed} cached session(s) of {role} from {cache.Location}.");
        }
    }

    /// <summary>
    /// False when IAM says the role is gone; true otherwise. A failed read (its own error is the one reported) cancels
    /// <paramref name="planning"/>, stopping the instance search.
    /// </summary>
    private static async Task<bool> RoleExistsAsync(Task<RoleTeardown> roleRead, CancellationTokenSource planning)
    {
        try
        {
            return (await roleRead).Status != RoleStatus.Absent;
        }
        catch (Exception error) when (error is CliException or Amazon.Runtime.AmazonServiceException)
        {
            await planning.CancelAsync();
            return true;
        }
    }

    /// <summary>
    /// True when IAM shows a role to delete with nothing attached and no scoped policy (an earlier teardown got as far as
    /// detaching): the role's EC2 refusals are then final, not a new role propagating. A failed read says nothing.
    /// </summary>
    private static async Task<bool> RoleHoldsNoPolicyAsync(Task<RoleTeardown> roleRead)
    {
        try
        {
            var role = await roleRead;
            return role.Delete && role.AttachedPolicies.Count == 0 && role.ScopedPolicy is null;
        }
        catch (Exception error) when (error is CliException or Amazon.Runtime.AmazonServiceException)
        {
            return false;
        }
    }

    /// <summary>The command line of teardown: its options, and how they become <see cref="TeardownOptions"/>.</summary>
    private sealed class Syntax : ICommandSyntax<TeardownOptions>
    {
        private readonly Option<string?> _sourceProfile = CommonOptions.SourceProfile();
        private readonly Option<string> _destinationProfile = CommonOptions.DestinationProfile();
        private readonly Option<RoleArn?> _roleArn = CommonOptions.RoleArnOption(
            $"The role to tear down, by ARN (default: every role in the state file, else {RoleTarget.DefaultRoleName} in the destination account).");

        private readonly Option<string> _roleName = CommonOptions.RoleNameOption("The role to tear down, by name, in the destination profile's account.", withDefault: false);
        private readonly Option<string?> _region = CommonOptions.Region();
        private readonly Option<bool> _keepRole = new("--keep-role")
        {
            Description = "Terminate the instances only; leave the role in place.",
        };

        private readonly AssumeRoleOptionGroup _assumeRole = new();
        private readonly Option<TimeSpan> _waitTimeout = CommonOptions.WaitTimeout();
        private readonly Option<bool> _autoApprove = CommonOptions.AutoApprove();
        private readonly Option<OutputFormat> _output = CommonOptions.Output();
        private readonly Option<string> _state = CommonOptions.State();
        private readonly Option<bool> _dryRun = CommonOptions.DryRun();

        public Command Build()
        {
            var command = new Command("teardown", "Destroy what this tool created: terminate the instances launched through the role, then delete the role.")
            {
                _sourceProfile, _destinationProfile, _roleArn, _roleName, _region, _keepRole, _waitTimeout, _autoApprove, _output, _state, _dryRun,
            };
            _assumeRole.AddTo(command);
            command.AllowOneOf(_roleArn, _roleName);
            return command;
        }

        public TeardownOptions Bind(ParseResult parsed) => new(
            parsed.GetValue(_sourceProfile),
            parsed.GetValue(_destinationProfile)!,
            parsed.GetValue(_roleArn),
            parsed.GetValue(_roleName),
            parsed.GetValue(_region),
            parsed.GetValue(_keepRole),
            _assumeRole.Bind(parsed),
            parsed.GetValue(_waitTimeout),
            parsed.GetValue(_autoApprove),
            parsed.GetValue(_output),
            parsed.GetValue(_state)!,
            parsed.GetValue(_dryRun));
    }
}
