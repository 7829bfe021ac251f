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
        using var state = await Services.OpenStateAsync(options.Apply.StatePath);
        var source = Services.Profiles.ResolveSource(options.SourceProfile, options.Region);
        using var progress = Services.NewProgress();
        var destinations = await (await AccountSessions.ResolveAsync(
                Services.Profiles, Services.Clients, options.SourceProfile, options.DestinationProfiles, options.Region, Services.Terminal.Error.WriteLineAsync, ct,
                askSource: false, askDestination: false))
            .ForAccountsAsync(Services.Clients, Services.RoleFromSource(progress, AssumeRoleSettings.Default), options.FanOut, ct);
        var across = new RoleCreationAcrossAccounts(Services.Clients, progress, Services.Time, Services.Terminal.WarnAsync, options.FanOut);
        var planned = await across.PlanAsync(
            options.Request, source, destinations.Destination.Session!, destinations,
            accounts => new PlanTarget(accounts, destinations.Region, string.Join("', '", options.DestinationProfiles.Distinct(StringComparer.Ordinal))),
            ct);
        return await AccountsApply.RunAsync(
            Services, options.Apply, planned, token => across.ApplyAsync(planned, state, token),
            (account, done) => new AccountResult(account, done.Role.ToString(), done.Outcome.ToString().ToLowerInvariant(), null),
            account => $"arn:aws:iam::{account}:role/{options.RoleName}", ct);
    }
}
