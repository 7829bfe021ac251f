using System.CommandLine;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
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
    ApplySettings Apply,
    FanOutSettings FanOut,
    IReadOnlyList<string> DestinationProfiles)
{
    /// <summary>--expired: destroy only what is past its expiry (<c>--ttl</c>).</summary>
    public bool Expired { get; init; }

    /// <summary>Across many accounts: --destination-accounts, or --destination-profile repeated.</summary>
    public bool IsManyAccounts => FanOut.IsFanOut || DestinationProfiles.Count > 1;
}

/// <param name="RoleArn">The first role torn down (kept for scripts written for one role), null when there was none; <see cref="RoleArns"/> has all.</param>
public sealed record TeardownResult(IReadOnlyList<string> Terminated, bool RoleDeleted, string? RoleArn, IReadOnlyList<string> RoleArns, IReadOnlyList<string> RolesDeleted, bool Changed);

/// <summary>One account of a teardown across many: its outcome (<c>destroyed</c>, <c>unchanged</c>, <c>failed</c>, <c>skipped</c>), and what went.</summary>
public sealed record TeardownAccountResult(
    string Account, string? RoleArn, string Outcome, string? Error, IReadOnlyList<string> Terminated, IReadOnlyList<string> RolesDeleted);

/// <summary>A teardown across many accounts: one entry per account, in the order of the accounts.</summary>
public sealed record TeardownAccountsResult(IReadOnlyList<TeardownAccountResult> Accounts, bool Changed);

/// <summary>
/// teardown: for every role the state records (or the one named), terminate every instance launched through it
/// (found in the state file and by our tags), then delete the role, if this tool created it. A plan whose changes
/// are all deletions.
/// </summary>
internal sealed class TeardownCommand(CliServices services) : CliCommand<TeardownOptions, TeardownCommand.Syntax>(services)
{
    public override async Task<int> RunAsync(TeardownOptions options, CancellationToken ct)
    {
        using var state = await Services.OpenStateAsync(options.Apply.StatePath);

        // Roles create-role made in member accounts (--destination-accounts) are reached the same way again, untold.
        var reached = options.DestinationProfiles.Count > 1 ? options : options with { FanOut = options.FanOut.OrRecorded(state.Current, options.RoleArn) };
        return reached.IsManyAccounts ? await RunAcrossAccountsAsync(reached, state, ct) : await RunInOneAccountAsync(reached, state, ct);
    }

    /// <summary>As before accounts could be many: one destination profile.</summary>
    private async Task<int> RunInOneAccountAsync(TeardownOptions options, StateFile state, CancellationToken ct)
    {
        var terminal = Services.Terminal;
        using var progress = Services.NewProgress();
        var mfaCodes = new MfaCodes(options.AssumeRole.MfaGiven.Code, terminal);
        var profiles = Services.ProfilesAsking(mfaCodes);
        var sessions = await AccountSessions.ResolveAsync(
            profiles, Services.Clients, options.SourceProfile, options.DestinationProfile, options.Region, terminal.Error.WriteLineAsync, ct,
            askSource: false, askDestination: false);
        // A state file that records nothing has had all it made destroyed; only a lost (or never written) one lets the
        // default role stand in, as its roles may still be out there.
        var roles = await RoleTarget.ToDestroyAsync(
            options.RoleArn, options.RoleName, state.Current, () => sessions.Destination.IdentityAsync(ct), options.DestinationProfile, state.Path, onlyRecorded: state.Existed);

        // Plan: every refusal, for every role, is decided here, before anything changes.
        var assumeRole = AssumeRoleMfa.Complete(options.AssumeRole, sessions.Source, profiles, mfaCodes);
        var teardown = new Teardown(Services.Clients, Services.RolePropagationGrace, Services.Time, progress, Services.CredentialCache(assumeRole))
        {
            OnlyExpired = options.Expired,
        };
        var planned = await teardown.PlanAsync(sessions, roles, state.Current, assumeRole, options.KeepRole, ct);
        var planOut = terminal.PlanWriter(options.Apply.Output);
        await planOut.WriteAsync(PlanRenderer.Render(planned.Plan, terminal.PaletteFor(planOut)));
        if (options.Apply.DryRun)
        {
            return await DryRun.FinishAsync(terminal, options.Apply.Output, planned.Plan);
        }

        if (!planned.Plan.IsEmpty)
        {
            await Confirmation.RequireAsync(terminal, Confirmation.DestroyQuestion, options.Apply.AutoApprove, ct);
        }

        var done = await teardown.ApplyAsync(planned, state, options.WaitTimeout, ct);
        await planOut.WriteLineAsync($"{Environment.NewLine}Destroy complete! Resources: {done.Destroyed} destroyed.");
        var result = new TeardownResult(
            done.Terminated, done.RolesDeleted.Count > 0, roles.Count > 0 ? roles[0].ToString() : null, roles.Select(r => r.ToString()).ToList(), done.RolesDeleted, done.Destroyed > 0);
        await ResultWriter.WriteAsync(terminal, options.Apply.Output, result, OutputJsonContext.Default.TeardownResult, []);
        return ExitCodes.Success;
    }

    /// <summary>teardown in many accounts: each planned and destroyed in the pool, one plan, one approval, a result per account.</summary>
    private async Task<int> RunAcrossAccountsAsync(TeardownOptions options, StateFile state, CancellationToken ct)
    {
        var terminal = Services.Terminal;
        using var progress = Services.NewProgress();
        var mfaCodes = new MfaCodes(options.AssumeRole.MfaGiven.Code, terminal);
        var profiles = Services.ProfilesAsking(mfaCodes);
        var sessions = await AccountSessions.ResolveAsync(
            profiles, Services.Clients, options.SourceProfile, options.DestinationProfiles, options.Region, terminal.Error.WriteLineAsync, ct, askSource: false, askDestination: false, sourceNeeded: options.FanOut.NeedsTheSource);
        sessions = await sessions.ForAccountsAsync(Services.Clients, Services.RoleFromSource(progress, AssumeRoleSettings.Default), options.FanOut, ct);
        var accounts = await AccountRoles.SelectAsync(sessions, Services.Clients, options.FanOut, options.RoleArn, options.RoleName, state.Current, state.Path, ct);
        var assumeRole = AssumeRoleMfa.Complete(options.AssumeRole, sessions.Source, profiles, mfaCodes);
        var teardown = new AccountsTeardown(
            voice => new Teardown(Services.Clients, Services.RolePropagationGrace, Services.Time, voice, Services.CredentialCache(assumeRole)) { OnlyExpired = options.Expired },
            progress, Services.Time, options.FanOut, Services.MfaSourceSession(progress, assumeRole));
        var planned = await teardown.PlanAsync(sessions, accounts, state.Current, assumeRole, options.KeepRole, ct);
        string RoleOf(string account) => string.Join(",", AccountRoles.RolesIn(accounts, account));
        return await AccountsApply.RunAsync(
            Services, options.Apply, planned, token => teardown.ApplyAsync(planned, state, options.WaitTimeout, token),
            (account, done) => new AccountResult(account, RoleOf(account), done.Destroyed > 0 ? "destroyed" : "unchanged", null), RoleOf, ct,
            AccountsApplyWords.Destroy, (results, outcomes) => WriteAccountResultsAsync(options, accounts, results, outcomes));
    }

    /// <summary>teardown's results across accounts: JSON with what went in each account; the table when there is more than one.</summary>
    private async Task WriteAccountResultsAsync(
        TeardownOptions options, IReadOnlyList<AccountRoles> accounts, IReadOnlyList<AccountResult> results, IReadOnlyList<AccountOutcome<TeardownOutcome>> outcomes)
    {
        results = results.Select(r => r with { RoleArn = string.Join(",", AccountRoles.RolesIn(accounts, r.Account)) }).ToList();
        if (options.Apply.Output == OutputFormat.Json)
        {
            var entries = results.Zip(outcomes, (r, o) => new TeardownAccountResult(
                r.Account, r.RoleArn, r.Outcome, r.Error, o.Value?.Terminated ?? [], o.Value?.RolesDeleted ?? [])).ToList();
            await Services.Terminal.Out.WriteLineAsync(ResultWriter.Json(
                Services.Terminal, new TeardownAccountsResult(entries, outcomes.Any(o => o.Value?.Destroyed > 0)), OutputJsonContext.Default.TeardownAccountsResult));
        }
        else if (accounts.Count > 1)
        {
            await AccountResults.WriteTextAsync(Services.Terminal.Out, results);
        }
    }

    /// <summary>The command line of teardown: its options, and how they become <see cref="TeardownOptions"/>.</summary>
    internal sealed class Syntax : ICommandSyntax<TeardownOptions>
    {
        private readonly Option<string?> _sourceProfile = CommonOptions.SourceProfile();
        private readonly Option<string[]> _destinationProfiles = CommonOptions.DestinationProfiles();
        private readonly Option<RoleArn?> _roleArn = CommonOptions.RoleArnOption(
            $"The role to tear down, by ARN (default: every role in the state file, else {RoleTarget.DefaultRoleName} in the destination account).");

        private readonly Option<string> _roleName = CommonOptions.RoleNameOption("The role to tear down, by name, in the destination profile's account.", withDefault: false);
        private readonly Option<string?> _region = CommonOptions.Region();
        private readonly Option<bool> _keepRole = new("--keep-role")
        {
            Description = "Terminate the instances only; leave the role in place.",
        };

        private readonly Option<bool> _expired = new("--expired")
        {
            Description = "Destroy only what has expired (create-role/launch-instance --ttl): expired instances, then an expired role none of whose instances stays.",
        };

        private readonly AssumeRoleOptionGroup _assumeRole = new();
        private readonly Option<TimeSpan> _waitTimeout = CommonOptions.WaitTimeout();
        private readonly ApplyOptionGroup _apply = new();
        private readonly FanOutOptionGroup _fanOut = new();

        public Command Build()
        {
            var command = new Command("teardown", "Destroy what this tool created: terminate the instances launched through the role, then delete the role.")
            {
                _sourceProfile, _destinationProfiles, _roleArn, _roleName, _region, _keepRole, _expired, _waitTimeout,
            };
            _apply.AddTo(command);
            _assumeRole.AddTo(command);
            _fanOut.AddTo(command);
            _fanOut.RefuseWithManyProfiles(command, _destinationProfiles);
            command.AllowOneOf(_roleArn, _roleName);
            return command;
        }

        public TeardownOptions Bind(ParseResult parsed) => new(
            parsed.GetValue(_sourceProfile),
            parsed.GetValue(_destinationProfiles)![0],
            parsed.GetValue(_roleArn),
            parsed.GetValue(_roleName),
            parsed.GetValue(_region),
            parsed.GetValue(_keepRole),
            _assumeRole.Bind(parsed),
            parsed.GetValue(_waitTimeout),
            _apply.Bind(parsed),
            _fanOut.Bind(parsed),
            parsed.GetValue(_destinationProfiles)!)
        {
            Expired = parsed.GetValue(_expired),
        };
    }
}
