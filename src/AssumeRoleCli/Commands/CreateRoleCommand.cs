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
    bool AutoApprove,
    OutputFormat Output,
    string StatePath,
    bool DryRun = false)
{
    /// <summary>The longest session AssumeRole may grant for the role (IAM's MaxSessionDuration), 3600-43200.</summary>
    public int MaxSessionDurationSeconds { get; init; } = IamRole.DefaultMaxSessionDurationSeconds;

    /// <summary>Users or roles of the source account to trust instead of its root; empty: the whole account.</summary>
    public IReadOnlyList<string> TrustedPrincipals { get; init; } = [];

    /// <summary>A shared secret AssumeRole must pass; never printed (not even by this record's text form).</summary>
    public string? ExternalId { get; init; }

    public bool RequireMfa { get; init; }

    public RoleScope Scope { get; init; } = RoleScope.Ec2FullAccess;

    /// <summary>With <see cref="RoleScope.ManagedInstances"/>: the only instance types the role may launch; empty: any.</summary>
    public IReadOnlyList<string> AllowedInstanceTypes { get; init; } = [];

    /// <summary>The role asked for, as planning needs it.</summary>
    public RoleRequest Request => new(RoleName, PolicyNames, PolicyArns, MaxSessionDurationSeconds, TrustedPrincipals, ExternalId, RequireMfa, Scope)
    {
        AllowedInstanceTypes = AllowedInstanceTypes,
    };

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"SourceProfile = {SourceProfile}, DestinationProfile = {DestinationProfile}, RoleName = {RoleName}, ");
        builder.Append($"PolicyNames = [{string.Join(", ", PolicyNames)}], PolicyArns = [{string.Join(", ", PolicyArns)}], Region = {Region}, ");
        builder.Append($"AutoApprove = {AutoApprove}, Output = {Output}, StatePath = {StatePath}, DryRun = {DryRun}, MaxSessionDurationSeconds = {MaxSessionDurationSeconds}, ");
        builder.Append($"TrustedPrincipals = [{string.Join(", ", TrustedPrincipals)}], ExternalId = {(ExternalId is null ? "null" : TrustPolicy.SensitiveValue)}, ");
        builder.Append($"RequireMfa = {RequireMfa}, Scope = {Scope}, AllowedInstanceTypes = [{string.Join(", ", AllowedInstanceTypes)}]");
        return true;
    }
}

public sealed record CreateRoleResult(string RoleArn, string SourceAccount, string DestinationAccount, bool Changed);

/// <summary>
/// create-role: in the destination account, the IAM role the source account (or given users and roles of it) may
/// assume, with AmazonEC2FullAccess (or the given policies) attached, or with a policy scoped to its own instances.
/// </summary>
public sealed partial class CreateRoleCommand
{
    public const string DefaultPolicyName = PolicyResolver.Ec2FullAccess;

    private readonly CliServices _services;

    public CreateRoleCommand(CliServices services)
    {
        _services = services;
    }

    public static Command Create(CliServices services) => CommandSyntax.Create(new Syntax(), new CreateRoleCommand(services).RunAsync);

    /// <summary>Parses and validates a create-role command line (the half that knows about parsing).</summary>
    public static CreateRoleOptions ParseOptions(params string[] args) => CommandSyntax.Parse(new Syntax(), args);

    public async Task<int> RunAsync(CreateRoleOptions options, CancellationToken ct)
    {
        var terminal = _services.Terminal;
        using var state = await _services.OpenStateAsync(options.StatePath);
        var source = _services.Profiles.ResolveSource(options.SourceProfile, options.Region);
        var destination = _services.Profiles.Resolve(options.DestinationProfile, options.Region);
        if (source.Note is { } note)
        {
            await terminal.Error.WriteLineAsync(note);
        }

        using var progress = _services.NewProgress();
        var creation = new RoleCreation(_services.Clients, progress, _services.NewWaitClock(), _services.Time, terminal.WarnAsync);
        var planned = await creation.PlanAsync(options.Request, source, destination, options.DestinationProfile, ct);
        var planOut = terminal.PlanWriter(options.Output);
        await planOut.WriteAsync(PlanRenderer.Render(planned.Plan, terminal.PaletteFor(planOut)));
        if (options.DryRun)
        {
            return await DryRun.FinishAsync(terminal, options.Output, planned.Plan);
        }

        if (planned.HasChanges)
        {
            await Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, options.AutoApprove, ct);
        }

        var arn = await creation.ApplyAsync(planned, state, ct);
        if (planned.HasChanges)
        {
            await planOut.WriteLineAsync($"{Environment.NewLine}{planned.Plan.ApplyComplete}{Environment.NewLine}");
        }

        var result = new CreateRoleResult(arn.ToString(), planned.Source.Account, arn.AccountId, planned.HasChanges);
        await ResultWriter.WriteAsync(terminal, options.Output, result, OutputJsonContext.Default.CreateRoleResult, [("role_arn", ResultWriter.Quote(arn.ToString()))]);
        return ExitCodes.Success;
    }
}
