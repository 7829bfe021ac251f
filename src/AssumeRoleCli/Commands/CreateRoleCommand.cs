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
        var profiles = _services.Profiles;
        var chosen = profiles.ResolveSource(options.SourceProfile, options.Region);
        var source = chosen.Session;
        var destination = profiles.Resolve(options.DestinationProfile, options.Region);
        if (chosen.Note is { } note)
        {
            await terminal.Error.WriteLineAsync(note);
        }

        // The source's identity (then the policies, in its partition: AssumeRole never crosses partitions), the role as
        // it is, and who the destination is (the account every plan names) are independent reads, asked at once.
        using var progress = _services.NewProgress();
        var iam = _services.Clients.Iam(destination);
        var address = ResourceChange.AddressOf("aws_iam_role", options.RoleName);
        await progress.RefreshingAsync(address, options.RoleName);
        var sourceRead = ReadSourceAsync(chosen.Description, source, iam, options, ct);
        var roleRead = new RolePlanner(iam).ReadAsync(options.RoleName, ct);
        var destinationRead = _services.Clients.Sts(destination).GetCallerIdentityAsync(ct);
        await Task.WhenAll(sourceRead, roleRead, destinationRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // all end; the source's error first
        await progress.StoppedAsync(address);
        var (sourceIdentity, policies) = await sourceRead;
        var existing = await roleRead;
        var destinationIdentity = await destinationRead;
        var roleArn = RoleArnBeforeApply(existing, destinationIdentity, options);
        await WarnIfOneAccountAsync(sourceIdentity, roleArn?.AccountId ?? destinationIdentity.Account);

        var trust = TrustSpec.ForSource(sourceIdentity.Partition, sourceIdentity.Account, options.TrustedPrincipals, options.ExternalId, options.RequireMfa);
        var desired = new RoleSpec(options.RoleName, roleArn?.ToString(), sourceIdentity.Account, TrustPolicy.For(trust), policies)
        {
            MaxSessionDurationSeconds = options.MaxSessionDurationSeconds,
            ScopedPolicy = options.Scope == RoleScope.ManagedInstances ? ManagedInstancesPolicy.For(roleArn!) : null,
        };

        var rolePlan = RolePlanner.Plan(desired, existing);
        var plan = rolePlan.ToPlan() with
        {
            Target = new PlanTarget([roleArn?.AccountId ?? destinationIdentity.Account], destination.Region.SystemName, options.DestinationProfile),
        };
        var planOut = terminal.PlanWriter(options.Output);
        await planOut.WriteAsync(PlanRenderer.Render(plan, terminal.PaletteFor(planOut)));
        if (options.DryRun)
        {
            return await DryRun.FinishAsync(terminal, options.Output, plan);
        }

        // The role is recorded the moment CreateRole answers, before anything else is asked of IAM, and again once the
        // apply is done (with when it last changed): "Apply complete!" only follows a saved state file.
        void Record(RoleArn role, bool changed) => state.Update(
            s =>
            {
                var previous = s.RoleOf(role);
                var record = new RoleRecord(
                    role.ToString(),
                    options.RoleName,
                    role.AccountId,
                    sourceIdentity.Account,
                    policies.Select(p => p.Arn).ToList(),
                    changed || previous is null ? _services.Time.GetUtcNow() : previous.ChangedAt,
                    options.MaxSessionDurationSeconds,
                    trust.RequiresExternalId,
                    trust.RequireMfa,
                    options.Scope == RoleScope.ManagedInstances);
                return previous == record ? s : s.WithRole(record);
            },
            existsInAws: $"role {options.RoleName} ({role})");

        if (rolePlan.HasChanges)
        {
            await Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, options.AutoApprove, ct);
            var conflicts = new IamConflictRetry(_services.NewWaitClock(), progress);
            await new RoleApplier(iam, progress, conflicts, created: createdArn =>
            {
                roleArn ??= RoleArn.TryParse(createdArn, out var created)
                    ? created
                    : throw new UnexpectedAwsResponseException($"IAM CreateRole answered '{createdArn}' as the role's ARN, which is not an IAM role ARN.");
                Record(roleArn, changed: true);
                return Task.CompletedTask;
            }).ApplyAsync(rolePlan, ct);
        }

        var arn = roleArn ?? throw new InvalidOperationException("A role that is not there is always planned to be created.");
        Record(arn, rolePlan.HasChanges);
        if (rolePlan.HasChanges)
        {
            await planOut.WriteLineAsync($"{Environment.NewLine}{plan.ApplyComplete}{Environment.NewLine}");
        }

        var result = new CreateRoleResult(arn.ToString(), sourceIdentity.Account, arn.AccountId, rolePlan.HasChanges);
        await ResultWriter.WriteAsync(terminal, options.Output, result, OutputJsonContext.Default.CreateRoleResult, [("role_arn", ResultWriter.Quote(arn.ToString()))]);
        return ExitCodes.Success;
    }

    /// <summary>Who the source is (never a root user: AWS never lets one assume a role), and the policies to attach, in its partition.</summary>
    private async Task<(CallerIdentity Source, IReadOnlyList<ManagedPolicyRef> Policies)> ReadSourceAsync(
        string sourceDescription, AwsSession source, IIamApi iam, CreateRoleOptions options, CancellationToken ct)
    {
        var identity = await _services.Clients.Sts(source).GetCallerIdentityAsync(ct);
        if (identity.IsRootUser)
        {
            throw new CliException($"{identity.RootUserCannotAssume(sourceDescription)}. Use an IAM user or role of that account.");
        }

        return (identity, await new PolicyResolver(iam, identity.Partition).ResolveAsync(options.PolicyNames, options.PolicyArns, ct));
    }

    /// <summary>
    /// The role's ARN as far as it is known before anything changes: GetRole's answer. A new role's is left to
    /// CreateRole's answer (null, "(known after apply)" as in Terraform), unless its scoped policy must name it in
    /// the plan (or GetRole showed no ARN): then it is made from the destination's identity.
    /// </summary>
    private static RoleArn? RoleArnBeforeApply(ExistingRole? existing, CallerIdentity destination, CreateRoleOptions options)
    {
        if (existing is not null && RoleArn.TryParse(existing.Role.Arn, out var arn))
        {
            return arn;
        }

        return existing is null && options.Scope != RoleScope.ManagedInstances ? null : RoleArn.For(destination.Partition, destination.Account, options.RoleName);
    }

    private async Task WarnIfOneAccountAsync(CallerIdentity source, string destinationAccount)
    {
        if (destinationAccount == source.Account)
        {
            await _services.Terminal.WarnAsync(
                $"the source and destination profiles are both in account {source.Account}; the role will only be assumable from within that account.");
        }
    }
}
