using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Commands;

internal sealed partial class LaunchInstanceCommand
{
    /// <summary>
    /// launch-instance through the role the state records in each account (narrowed by --destination-accounts): the
    /// source resolved once, one plan, one approval, a result per account with its instances.
    /// </summary>
    private async Task<int> RunAcrossAccountsAsync(LaunchInstanceOptions options, StateFile state, CancellationToken ct)
    {
        var terminal = Services.Terminal;
        var mfaCodes = new MfaCodes(options.AssumeRole.MfaGiven.Code, terminal);
        var profiles = Services.ProfilesAsking(mfaCodes);

        // The source, resolved once for every account (with MFA, one code for them all).
        var source = profiles.ResolveSource(options.SourceProfile, options.Region);
        var settings = AssumeRoleMfa.Complete(options.AssumeRole, AssumeRoleMfa.ProfileOf(source), profiles, mfaCodes);
        if (source.Note is { } note)
        {
            await terminal.Error.WriteLineAsync(note);
        }

        using var progress = Services.NewProgress();
        var across = new InstanceLaunchAcrossAccounts(
            Services.Clients, voice => Services.RoleFromSource(voice, options.AssumeRole), Services.Time, progress, options.FanOut, Services.MfaSourceSession(progress, options.AssumeRole));
        var planned = await across.PlanAsync(source, settings, state, options.Request, options.Apply.DryRun, ct);
        return await AccountsApply.RunAsync(
            Services, options.Apply, planned, token => across.ApplyAsync(planned, state, options.NoWait ? null : options.WaitTimeout, token),
            (account, done) => new AccountResult(account, done.Role.ToString(), done.Plan.ToAdd > 0 ? "launched" : done.Plan.IsEmpty ? "unchanged" : "changed", null)
            {
                InstanceIds = done.InstanceIds,
            },
            account => state.Current.RecordedRoles().Where(r => r.Arn.AccountId == account).Select(r => r.Arn.ToString()).FirstOrDefault(), ct);
    }
}
