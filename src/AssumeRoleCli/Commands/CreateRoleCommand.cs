using System.CommandLine;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Commands;

/// <summary>Everything create-role needs, parsed and validated; knows nothing of System.CommandLine.</summary>
public sealed record CreateRoleOptions(
    string SourceProfile,
    string DestinationProfile,
    string RoleName,
    IReadOnlyList<string> PolicyNames,
    IReadOnlyList<string> PolicyArns,
    string? Region,
    bool AutoApprove,
    OutputFormat Output,
    string StatePath);

public sealed record CreateRoleResult(string RoleArn, string SourceAccount, string DestinationAccount, bool Changed);

/// <summary>
/// create-role: in the destination account, the IAM role the source account may assume, with
/// AmazonEC2FullAccess (or the given policies) attached.
/// </summary>
public sealed class CreateRoleCommand
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
        using var state = StateFile.Open(options.StatePath);
        var profiles = _services.Profiles;
        var source = profiles.Resolve(options.SourceProfile, options.Region);
        var destination = profiles.Resolve(options.DestinationProfile, options.Region);

        // Who each side is: independent reads, asked at once.
        var sourceCall = _services.Clients.Sts(source).GetCallerIdentityAsync(ct);
        var destinationCall = _services.Clients.Sts(destination).GetCallerIdentityAsync(ct);
        var (sourceIdentity, destinationIdentity) = (await sourceCall, await destinationCall);
        if (sourceIdentity.IsRootUser)
        {
            throw new CliException($"{sourceIdentity.RootUserCannotAssume(options.SourceProfile)}. Use an IAM user or role of that account.");
        }

        if (sourceIdentity.Account == destinationIdentity.Account)
        {
            await terminal.Error.WriteLineAsync(
                $"Warning: the source and destination profiles are both in account {sourceIdentity.Account}; the role will only be assumable from within that account.");
        }

        var iam = _services.Clients.Iam(destination);
        var policies = await new PolicyResolver(iam, destinationIdentity.Partition).ResolveAsync(options.PolicyNames, options.PolicyArns, ct);
        var desired = new RoleSpec(
            options.RoleName,
            RoleArn.For(destinationIdentity.Partition, destinationIdentity.Account, options.RoleName).ToString(),
            sourceIdentity.Account,
            TrustPolicy.ForAccount(sourceIdentity.Partition, sourceIdentity.Account),
            policies);

        var rolePlan = await new RolePlanner(iam).PlanAsync(desired, ct);
        var plan = rolePlan.ToPlan();
        var planOut = terminal.PlanWriter(options.Output);
        await planOut.WriteAsync(PlanRenderer.Render(plan, terminal.PaletteFor(planOut)));

        var roleArn = rolePlan.Existing?.Arn ?? desired.RoleArn;
        if (rolePlan.HasChanges)
        {
            await Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, options.AutoApprove, ct);
            var progress = _services.NewProgress();
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
                rolePlan.HasChanges || previous is null ? _services.Time.GetUtcNow() : previous.ChangedAt);
            return previous == record ? s : s.WithRole(record);
        });

        var result = new CreateRoleResult(roleArn, sourceIdentity.Account, destinationIdentity.Account, rolePlan.HasChanges);
        await ResultWriter.WriteAsync(terminal, options.Output, result, OutputJsonContext.Default.CreateRoleResult, [("role_arn", ResultWriter.Quote(roleArn))]);
        return ExitCodes.Success;
    }

    /// <summary>The command line of create-role: its options, and how they become <see cref="CreateRoleOptions"/>.</summary>
    private sealed class Syntax : ICommandSyntax<CreateRoleOptions>
    {
        private readonly Option<string> _sourceProfile = CommonOptions.SourceProfile();
        private readonly Option<string> _destinationProfile = CommonOptions.DestinationProfile();
        private readonly Option<string> _roleName = CommonOptions.RoleNameOption("Name of the role to create in the destination account.", withDefault: true);

        private readonly Option<string[]> _policyNames = new Option<string[]>("--policy-name")
        {
            Description = $"AWS-managed policy to attach, by name (repeatable; default {DefaultPolicyName} when no --policy-arn is given).",
            AllowMultipleArgumentsPerToken = false,
        }.RequireEach(AwsNames.IsValidPolicyName, "is not a policy name; pass a full ARN with --policy-arn instead");

        private readonly Option<string[]> _policyArns = new Option<string[]>("--policy-arn")
        {
            Description = "Managed policy to attach, by ARN (repeatable).",
        }.RequireEach(AwsNames.IsValidPolicyArn, "is not a managed policy ARN (expected arn:aws:iam::aws:policy/<name>)");

        private readonly Option<string?> _region = CommonOptions.Region();
        private readonly Option<bool> _autoApprove = CommonOptions.AutoApprove();
        private readonly Option<OutputFormat> _output = CommonOptions.Output();
        private readonly Option<string> _state = CommonOptions.State();

        public Command Build() => new("create-role", "Create the role in the destination account that the source account may assume.")
        {
            _sourceProfile, _destinationProfile, _roleName, _policyNames, _policyArns, _region, _autoApprove, _output, _state,
        };

        public CreateRoleOptions Bind(ParseResult parsed)
        {
            var policyArns = parsed.GetValue(_policyArns) ?? [];
            var policyNames = parsed.GetValue(_policyNames) ?? [];
            if (policyNames.Length == 0 && policyArns.Length == 0)
            {
                policyNames = [DefaultPolicyName];
            }

            return new CreateRoleOptions(
                parsed.GetValue(_sourceProfile)!,
                parsed.GetValue(_destinationProfile)!,
                parsed.GetValue(_roleName)!,
                policyNames,
                policyArns,
                parsed.GetValue(_region),
                parsed.GetValue(_autoApprove),
                parsed.GetValue(_output),
                parsed.GetValue(_state)!);
        }
    }
}
