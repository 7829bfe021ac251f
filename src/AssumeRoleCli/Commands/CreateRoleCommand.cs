using System.CommandLine;
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
    public const string DefaultRoleName = "assume_role";
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
        var profiles = _services.Profiles;
        var source = profiles.Resolve(options.SourceProfile, options.Region);
        var destination = profiles.Resolve(options.DestinationProfile, options.Region);

        var sourceIdentity = await _services.Clients.Sts(source).GetCallerIdentityAsync(ct);
        if (sourceIdentity.IsRootUser)
        {
            throw new CliException($"{sourceIdentity.RootUserCannotAssume(options.SourceProfile)}. Use an IAM user or role of that account.");
        }

        var destinationIdentity = await _services.Clients.Sts(destination).GetCallerIdentityAsync(ct);
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

        var planner = new RolePlanner(iam);
        var rolePlan = await planner.PlanAsync(desired, ct);
        var plan = rolePlan.ToPlan();
        var planOut = terminal.PlanWriter(options.Output);
        await planOut.WriteAsync(PlanRenderer.Render(plan));

        var roleArn = rolePlan.Existing?.Arn ?? desired.RoleArn;
        if (rolePlan.HasChanges)
        {
            await Confirmation.RequireAsync(terminal, Confirmation.ApplyQuestion, options.AutoApprove, ct);
            var started = _services.Time.GetTimestamp();
            var address = plan.Changes[0].Address;
            await terminal.Error.WriteLineAsync($"{address}: {(rolePlan.Existing is null ? "Creating" : "Modifying")}...");
            await planner.ApplyAsync(rolePlan, ct);
            var elapsed = (int)_services.Time.GetElapsedTime(started).TotalSeconds;
            await terminal.Error.WriteLineAsync($"{address}: {(rolePlan.Existing is null ? "Creation" : "Modifications")} complete after {elapsed}s [id={options.RoleName}]");
            await planOut.WriteLineAsync($"{Environment.NewLine}{plan.ApplyComplete}{Environment.NewLine}");
        }

        using (var state = StateFile.Open(options.StatePath))
        {
            state.Update(s => s with
            {
                Role = new RoleRecord(
                    roleArn,
                    options.RoleName,
                    destinationIdentity.Account,
                    sourceIdentity.Account,
                    policies.Select(p => p.Arn).ToList(),
                    rolePlan.HasChanges || s.Role?.Arn != roleArn ? _services.Time.GetUtcNow() : s.Role.ChangedAt),
            });
        }

        var result = new CreateRoleResult(roleArn, sourceIdentity.Account, destinationIdentity.Account, rolePlan.HasChanges);
        await ResultWriter.WriteAsync(terminal, options.Output, result, OutputJsonContext.Default.CreateRoleResult, [("role_arn", ResultWriter.Quote(roleArn))]);
        return ExitCodes.Success;
    }

    /// <summary>The command line of create-role: its options, and how they become <see cref="CreateRoleOptions"/>.</summary>
    private sealed class Syntax : ICommandSyntax<CreateRoleOptions>
    {
        private readonly Option<string> _sourceProfile = CommonOptions.SourceProfile();
        private readonly Option<string> _destinationProfile = CommonOptions.DestinationProfile();
        private readonly Option<string> _roleName = new("--role-name")
        {
            Description = "Name of the role to create in the destination account.",
            DefaultValueFactory = _ => DefaultRoleName,
        };

        private readonly Option<string[]> _policyNames = new("--policy-name")
        {
            Description = $"AWS-managed policy to attach, by name (repeatable; default {DefaultPolicyName} when no --policy-arn is given).",
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<string[]> _policyArns = new("--policy-arn")
        {
            Description = "Managed policy to attach, by ARN (repeatable).",
        };

        private readonly Option<string?> _region = CommonOptions.Region();
        private readonly Option<bool> _autoApprove = CommonOptions.AutoApprove();
        private readonly Option<string> _output = CommonOptions.Output();
        private readonly Option<string> _state = CommonOptions.State();

        public Command Build() => new("create-role", "Create the role in the destination account that the source account may assume.")
        {
            _sourceProfile, _destinationProfile, _roleName, _policyNames, _policyArns, _region, _autoApprove, _output, _state,
        };

        public CreateRoleOptions Bind(ParseResult parsed)
        {
            var roleName = parsed.GetValue(_roleName)!;
            if (!Naming.IsValidRoleName(roleName))
            {
                throw CliException.Usage($"--role-name '{roleName}' is not a valid IAM role name: use 1-64 of A-Z a-z 0-9 + = , . @ _ -.");
            }

            var policyArns = parsed.GetValue(_policyArns) ?? [];
            foreach (var arn in policyArns.Where(a => !Naming.IsValidPolicyArn(a)))
            {
                throw CliException.Usage($"--policy-arn '{arn}' is not a managed policy ARN (expected arn:aws:iam::aws:policy/<name>).");
            }

            var policyNames = parsed.GetValue(_policyNames) ?? [];
            foreach (var name in policyNames.Where(n => n.Length == 0 || n.Contains('/', StringComparison.Ordinal)))
            {
                throw CliException.Usage($"--policy-name '{name}' is not a policy name; pass a full ARN with --policy-arn instead.");
            }

            if (policyNames.Length == 0 && policyArns.Length == 0)
            {
                policyNames = [DefaultPolicyName];
            }

            return new CreateRoleOptions(
                parsed.GetValue(_sourceProfile)!,
                parsed.GetValue(_destinationProfile)!,
                roleName,
                policyNames,
                policyArns,
                parsed.GetValue(_region),
                parsed.GetValue(_autoApprove),
                CommonOptions.ParseOutput(parsed.GetValue(_output)!),
                parsed.GetValue(_state)!);
        }
    }
}
