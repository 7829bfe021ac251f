using System.CommandLine;
using System.Text;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Commands;

/// <summary>Everything create-role needs, parsed and validated; knows nothing of System.CommandLine.</summary>
public sealed record CreateRoleOptions(
    string? SourceProfile,
    string DestinationProfile,
    string RoleName,
    IReadOnlyList<string> PolicyNames,
    IReadOnlyList<string> PolicyArns,
    string? Region,
    ApplySettings Apply)
{
    /// <summary>The longest session AssumeRole may grant for the role (IAM's MaxSessionDuration), 3600-43200.</summary>
    public int MaxSessionDurationSeconds { get; init; } = IamRole.DefaultMaxSessionDurationSeconds;

    /// <summary>Users or roles of the source account to trust instead of its root; empty: the whole account.</summary>
    public IReadOnlyList<string> TrustedPrincipals { get; init; } = [];

    /// <summary>A shared secret AssumeRole must pass; never printed (not even by this record's text form).</summary>
    public string? ExternalId { get; init; }

    public bool RequireMfa { get; init; }

    public RoleScope Scope { get; init; } = RoleScope.Ec2FullAccess;

    /// <summary>--ttl: the role expires that long from now; null: an existing expiry stays as it is.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>With <see cref="RoleScope.ManagedInstances"/>: the only instance types the role may launch; empty: any.</summary>
    public IReadOnlyList<string> AllowedInstanceTypes { get; init; } = [];

    /// <summary>--destination-accounts and its company; <see cref="FanOutSettings.None"/>: the destination profile's account alone.</summary>
    public FanOutSettings FanOut { get; init; } = FanOutSettings.None;

    /// <summary>Every --destination-profile given (the first is <see cref="DestinationProfile"/>); more than one: one destination each.</summary>
    public IReadOnlyList<string> DestinationProfiles { get; init; } = [];

    /// <summary>Many destinations: member accounts, or one per profile.</summary>
    public bool IsAcrossAccounts => FanOut.IsFanOut || DestinationProfiles.Count > 1;

    /// <summary>The role asked for, as planning needs it.</summary>
    public RoleRequest Request => new(RoleName, PolicyNames, PolicyArns, MaxSessionDurationSeconds, TrustedPrincipals, ExternalId, RequireMfa, Scope)
    {
        Ttl = Ttl,
        AllowedInstanceTypes = AllowedInstanceTypes,
    };

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"SourceProfile = {SourceProfile}, DestinationProfile = {DestinationProfile}, RoleName = {RoleName}, ");
        builder.Append($"PolicyNames = [{string.Join(", ", PolicyNames)}], PolicyArns = [{string.Join(", ", PolicyArns)}], Region = {Region}, ");
        builder.Append($"Apply = {Apply}, MaxSessionDurationSeconds = {MaxSessionDurationSeconds}, ");
        builder.Append($"TrustedPrincipals = [{string.Join(", ", TrustedPrincipals)}], ExternalId = {(ExternalId is null ? "null" : TrustPolicy.SensitiveValue)}, ");
        builder.Append($"RequireMfa = {RequireMfa}, Scope = {Scope}, Ttl = {Ttl}, AllowedInstanceTypes = [{string.Join(", ", AllowedInstanceTypes)}], ");
        builder.Append($"FanOut = {FanOut}, DestinationProfiles = [{string.Join(", ", DestinationProfiles)}]");
        return true;
    }
}

public sealed record CreateRoleResult(string RoleArn, string SourceAccount, string DestinationAccount, bool Changed);

/// <summary>
/// create-role: in the destination account, the IAM role the source account (or given users and roles of it) may
/// assume, with AmazonEC2FullAccess (or the given policies) attached, or with a policy scoped to its own instances.
/// </summary>
internal sealed partial class CreateRoleCommand(CliServices services) : CliCommand<CreateRoleOptions, CreateRoleCommand.Syntax>(services)
{
    public const string DefaultPolicyName = PolicyResolver.Ec2FullAccess;

    public override Task<int> RunAsync(CreateRoleOptions options, CancellationToken ct) =>
        options.IsAcrossAccounts ? RunAcrossAccountsAsync(options, ct) : RunInOneAccountAsync(options, ct);

    private async Task<int> RunInOneAccountAsync(CreateRoleOptions options, CancellationToken ct)
    {
        var terminal = Services.Terminal;
        using var state = await Services.OpenStateAsync(options.Apply.StatePath);
        var source = Services.Profiles.ResolveSource(options.SourceProfile, options.Region);
        var destination = Services.Profiles.Resolve(options.DestinationProfile, options.Region);
        if (source.Note is { } note)
        {
            await terminal.Error.WriteLineAsync(note);
        }

        using var progress = Services.NewProgress();
        var creation = new RoleCreation(Services.Clients, progress, Services.Time, terminal.WarnAsync);
        var planned = await creation.PlanAsync(options.Request, source, destination, options.DestinationProfile, ct);
        var planOut = terminal.PlanWriter(options.Apply.Output);
        await planOut.WriteAsync(PlanRenderer.Render(planned.Plan, terminal.PaletteFor(planOut)));
        if (options.Apply.DryRun)
        {
            return await DryRun.FinishAsync(terminal, options.Apply.Output, planned.Plan);
        }

        if (planned.HasChanges)
        {
            await Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, options.Apply.AutoApprove, ct);
        }

        var arn = await creation.ApplyAsync(planned, state, ct);
        if (planned.HasChanges)
        {
            await planOut.WriteLineAsync($"{Environment.NewLine}{planned.Plan.ApplyComplete}{Environment.NewLine}");
        }

        var result = new CreateRoleResult(arn.ToString(), planned.Source.Account, arn.AccountId, planned.HasChanges);
        await ResultWriter.WriteAsync(terminal, options.Apply.Output, result, OutputJsonContext.Default.CreateRoleResult, [("role_arn", ResultWriter.Quote(arn.ToString()))]);
        return ExitCodes.Success;
    }
}
