using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Commands;

internal sealed partial class CreateRoleCommand
{
    /// <summary>
    /// create-role in many accounts: the members of --destination-accounts (reached from the destination profile), or
    /// one account per --destination-profile; one plan, one approval, a result per account.
    /// </summary>
    private async Task<int> RunAcrossAccountsAsync(CreateRoleOptions options, CancellationToken ct)
    {
        var terminal = Services.Terminal;
        using var state = await Services.OpenStateAsync(options.Apply.StatePath);
        var source = Services.Profiles.ResolveSource(options.SourceProfile, options.Region);
        var profiles = options.DestinationProfiles.Select(p => (Profile: p, Session: Services.Profiles.Resolve(p, options.Region))).ToList();
        if (source.Note is { } note)
        {
            await terminal.Error.WriteLineAsync(note);
        }

        using var progress = Services.NewProgress();
        var destination = profiles[0].Session;
        var across = new RoleCreationAcrossAccounts(Services.Clients, progress, Services.Time, terminal.WarnAsync, options.FanOut);
        var planned = await across.PlanAsync(
            options.Request, source, destination,
            (sourceAccount, token) => options.FanOut.IsFanOut
                ? AccountDestination.MembersAsync(Services.Clients, Services.RoleFromSource(progress, AssumeRoleSettings.Default), destination, options.FanOut, sourceAccount, token)
                : AccountDestination.ProfilesAsync(Services.Clients, profiles, token),
            accounts => new PlanTarget(accounts, destination.Region.SystemName, string.Join("', '", profiles.Select(p => p.Profile))),
            ct);
        return await AccountsApply.RunAsync(
            Services, options.Apply, planned, token => across.ApplyAsync(planned, state, token),
            (account, done) => new AccountResult(account, done.Role.ToString(), done.Outcome.ToString().ToLowerInvariant(), null),
            account => $"arn:aws:iam::{account}:role/{options.RoleName}", ct);
    }
}
