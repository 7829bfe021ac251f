using System.CommandLine;
using System.Text.Json;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Commands;

/// <summary>Everything status needs, parsed and validated; knows nothing of System.CommandLine.</summary>
/// <param name="RoleArn">--role-arn; null when not given.</param>
/// <param name="RoleName">--role-name; null when not given (never both).</param>
public sealed record StatusOptions(
    string? SourceProfile,
    string DestinationProfile,
    RoleArn? RoleArn,
    string? RoleName,
    string? Region,
    AssumeRoleSettings AssumeRole,
    OutputFormat Output,
    string StatePath,
    FanOutSettings FanOut,
    IReadOnlyList<string> DestinationProfiles)
{
    /// <summary>Across many accounts: --destination-accounts, or --destination-profile repeated.</summary>
    public bool IsManyAccounts => FanOut.IsFanOut || DestinationProfiles.Count > 1;
}

/// <summary>
/// status: what exists now, read only. Every role the state file records (or the one named), whether the source
/// can assume it, every instance of ours, and where AWS and the state file disagree. Never writes the state file,
/// and exits 0 whatever it finds.
/// </summary>
internal sealed class StatusCommand(CliServices services) : CliCommand<StatusOptions, StatusCommand.Syntax>(services)
{
    public override Task<int> RunAsync(StatusOptions options, CancellationToken ct)
    {
        // Read once, without the lock: status only looks, and may run while another command holds the file.
        var statePath = Path.GetFullPath(options.StatePath);
        var state = StateFile.Read(statePath);

        // Roles create-role made in member accounts (--destination-accounts) are reached the same way again, untold.
        var reached = options.DestinationProfiles.Count > 1 ? options : options with { FanOut = options.FanOut.OrRecorded(state, options.RoleArn) };
        return reached.IsManyAccounts ? RunAcrossAccountsAsync(reached, state, statePath, ct) : RunInOneAccountAsync(reached, state, statePath, ct);
    }

    /// <summary>As before accounts could be many: one destination profile.</summary>
    private async Task<int> RunInOneAccountAsync(StatusOptions options, StateDocument state, string statePath, CancellationToken ct)
    {
        var sessions = await AccountSessions.ResolveAsync(
            Services.Profiles, Services.Clients, options.SourceProfile, options.DestinationProfile, options.Region, Services.Terminal.Error.WriteLineAsync, ct);
        var roles = RoleTarget.ToDestroy(options.RoleArn, options.RoleName, state, sessions.Destination.Identity, options.DestinationProfile, statePath);

        using var progress = Services.NewProgress();
        var access = new RoleAccess(Services.Clients, Services.Time, Services.RolePropagationGrace, progress);
        var report = await new StatusReader(Services.Clients, access, progress) { Time = Services.Time }.ReadAsync(sessions, roles, state, options.AssumeRole, ct);

        var stdout = Services.Terminal.Out;
        await (options.Output == OutputFormat.Json
            ? stdout.WriteLineAsync(ResultWriter.Json(Services.Terminal, report, OutputJsonContext.Default.StatusReport))
            : stdout.WriteAsync(StatusText.Render(report, Services.Terminal.OutWidth)));
        return ExitCodes.Success;
    }

    /// <summary>status in many accounts: each read in the pool; an account that cannot be read is shown with its reason, and exits non-zero.</summary>
    private async Task<int> RunAcrossAccountsAsync(StatusOptions options, StateDocument state, string statePath, CancellationToken ct)
    {
        using var progress = Services.NewProgress();
        var sessions = await AccountSessions.ResolveAsync(
            Services.Profiles, Services.Clients, options.SourceProfile, options.DestinationProfiles, options.Region, Services.Terminal.Error.WriteLineAsync, ct, sourceNeeded: options.FanOut.NeedsTheSource);
        sessions = await sessions.ForAccountsAsync(Services.Clients, Services.RoleFromSource(progress, AssumeRoleSettings.Default), options.FanOut, ct);
        var accounts = await AccountRoles.SelectAsync(sessions, Services.Clients, options.FanOut, options.RoleArn, options.RoleName, state, statePath, ct);
        var access = new RoleAccess(Services.Clients, Services.Time, Services.RolePropagationGrace, progress);
        var reader = new AccountsStatus(new StatusReader(Services.Clients, access, progress), progress, options.FanOut);
        var report = AccountsStatusReport.From(await reader.ReadAsync(sessions, accounts, state, options.AssumeRole, ct), Services.AwsCalls);

        var stdout = Services.Terminal.Out;
        await (options.Output == OutputFormat.Json
            ? stdout.WriteLineAsync(ResultWriter.Json(Services.Terminal, report, OutputJsonContext.Default.AccountsStatusReport))
            : stdout.WriteAsync(StatusText.Render(report, Services.Terminal.OutWidth)));
        return report.AnyUnreadable ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>The command line of status: its options, and how they become <see cref="StatusOptions"/>.</summary>
    internal sealed class Syntax : ICommandSyntax<StatusOptions>
    {
        private readonly Option<string?> _sourceProfile = CommonOptions.SourceProfile();
        private readonly Option<string[]> _destinationProfiles = CommonOptions.DestinationProfiles();
        private readonly Option<RoleArn?> _roleArn = CommonOptions.RoleArnOption(
            $"The role to show, by ARN (default: every role in the state file, else {RoleTarget.DefaultRoleName} in the destination account).");

        private readonly Option<string> _roleName = CommonOptions.RoleNameOption("The role to show, by name, in the destination profile's account.", withDefault: false);
        private readonly Option<string?> _region = CommonOptions.Region();
        private readonly AssumeRoleOptionGroup _assumeRole = new();
        private readonly Option<OutputFormat> _output = CommonOptions.Output();
        private readonly Option<string> _state = CommonOptions.State();
        private readonly FanOutOptionGroup _fanOut = new();

        public Command Build()
        {
            var command = new Command("status", "Show what exists, changing nothing: the roles, whether the source can assume them, the instances, and drift from the state file.")
            {
                _sourceProfile, _destinationProfiles, _roleArn, _roleName, _region, _output, _state,
            };
            _assumeRole.AddTo(command);
            _fanOut.AddTo(command);
            _fanOut.RefuseWithManyProfiles(command, _destinationProfiles);
            command.AllowOneOf(_roleArn, _roleName);
            return command;
        }

        public StatusOptions Bind(ParseResult parsed) => new(
            parsed.GetValue(_sourceProfile),
            parsed.GetValue(_destinationProfiles)![0],
            parsed.GetValue(_roleArn),
            parsed.GetValue(_roleName),
            parsed.GetValue(_region),
            _assumeRole.Bind(parsed),
            parsed.GetValue(_output),
            parsed.GetValue(_state)!,
            _fanOut.Bind(parsed),
            parsed.GetValue(_destinationProfiles)!);
    }
}
