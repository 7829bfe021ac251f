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

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"SourceProfile = {SourceProfile}, DestinationProfile = {DestinationProfile}, RoleName = {RoleName}, ");
        builder.Append($"PolicyNames = [{string.Join(", ", PolicyNames)}], PolicyArns = [{string.Join(", ", PolicyArns)}], Region = {Region}, ");
        builder.Append($"AutoApprove = {AutoApprove}, Output = {Output}, StatePath = {StatePath}, DryRun = {DryRun}, MaxSessionDurationSeconds = {MaxSessionDurationSeconds}, ");
        builder.Append($"TrustedPrincipals = [{string.Join(", ", TrustedPrincipals)}], ExternalId = {(ExternalId is null ? "null" : TrustPolicy.SensitiveValue)}, ");
        builder.Append($"RequireMfa = {RequireMfa}, Scope = {Scope}");
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
    public const string DefaultPolicyName = "AmazonEC2FullAccess";

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
        var profiles = _services.Profiles;
        var chosen = profiles.ResolveSource(options.SourceProfile, options.Region);
        var source = chosen.Session;
        var destination = profiles.Resolve(options.DestinationProfile, options.Region);
        if (chosen.Note is { } note)
        {
            await terminal.Error.WriteLineAsync(note);
        }

        // Who each side is: independent reads, asked at once.
        var sourceCall = _services.Clients.Sts(source).GetCallerIdentityAsync(ct);
        var destinationCall = _services.Clients.Sts(destination).GetCallerIdentityAsync(ct);
        var (sourceIdentity, destinationIdentity) = (await sourceCall, await destinationCall);
        if (sourceIdentity.IsRootUser)
        {
            throw new CliException($"{sourceIdentity.RootUserCannotAssume(chosen.Description)}. Use an IAM user or role of that account.");
        }

        if (sourceIdentity.Account == destinationIdentity.Account)
        {
            await terminal.Error.WriteLineAsync(
                $"Warning: the source and destination profiles are both in account {sourceIdentity.Account}; the role will only be assumable from within that account.");
        }

        var trust = TrustSpec.ForSource(sourceIdentity.Partition, sourceIdentity.Account, options.TrustedPrincipals, options.ExternalId, options.RequireMfa);
        var iam = _services.Clients.Iam(destination);
        var policies = await new PolicyResolver(iam, destinationIdentity.Partition).ResolveAsync(options.PolicyNames, options.PolicyArns, ct);
        var newRoleArn = RoleArn.For(destinationIdentity.Partition, destinationIdentity.Account, options.RoleName);
        var desired = new RoleSpec(options.RoleName, newRoleArn.ToString(), sourceIdentity.Account, TrustPolicy.For(trust), policies)
        {
            MaxSessionDurationSeconds = options.MaxSessionDurationSeconds,
            ScopedPolicy = options.Scope == RoleScope.ManagedInstances ? ManagedInstancesPolicy.For(newRoleArn) : null,
        };

        var rolePlan = await new RolePlanner(iam).PlanAsync(desired, ct);
        var plan = rolePlan.ToPlan();
        var planOut = terminal.PlanWriter(options.Output);
        await planOut.WriteAsync(PlanRenderer.Render(plan, terminal.PaletteFor(planOut)));
        if (options.DryRun)
        {
            return await DryRun.FinishAsync(terminal, options.Output, plan);
        }

        var roleArn = rolePlan.Existing?.Arn ?? desired.RoleArn;
        if (rolePlan.HasChanges)
        {
            await Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, options.AutoApprove, ct);
            using var progress = _services.NewProgress();
            await new RoleApplier(iam, progress, new IamConflictRetry(_services.NewWaitClock(), progress)).ApplyAsync(rolePlan, ct);
            await planOut.WriteLineAsync($"{Environment.NewLine}{plan.ApplyComplete}{Environment.NewLine}");
        }

        state.Update(s =>
        {
            var previous = RoleArn.TryParse(roleArn, out var arn) ? s.RoleOf(arn) : null;
            var record = new RoleRecord(
                roleArn,
                options.RoleName,
                destinationIdentity.Account,
                sourceIdentity.Account,
                policies.Select(p => p.Arn).ToList(),
                rolePlan.HasChanges || previous is null ? _services.Time.GetUtcNow() : previous.ChangedAt,
                options.MaxSessionDurationSeconds,
                trust.RequiresExternalId,
                trust.RequireMfa);
            return previous == record ? s : s.WithRole(record);
        });

        var result = new CreateRoleResult(roleArn, sourceIdentity.Account, destinationIdentity.Account, rolePlan.HasChanges);
        await ResultWriter.WriteAsync(terminal, options.Output, result, OutputJsonContext.Default.CreateRoleResult, [("role_arn", ResultWriter.Quote(roleArn))]);
        return ExitCodes.Success;
    }
}
