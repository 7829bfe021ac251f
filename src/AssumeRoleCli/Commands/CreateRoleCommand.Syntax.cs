using System.CommandLine;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Commands;

internal sealed partial class CreateRoleCommand
{
    /// <summary>The command line of create-role: its options, and how they become <see cref="CreateRoleOptions"/>.</summary>
    internal sealed class Syntax : ICommandSyntax<CreateRoleOptions>
    {
        private const string Ec2FullAccessScope = "ec2-full-access";
        private const string ManagedInstancesScope = "managed-instances";

        private readonly Option<string?> _sourceProfile = CommonOptions.SourceProfile();
        private readonly Option<string[]> _destinationProfiles = CommonOptions.DestinationProfiles();
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

        private readonly Option<int> _maxSessionDuration = new Option<int>("--max-session-duration")
        {
            Description = $"Longest session AssumeRole may grant, in seconds ({RoleSpec.MinMaxSessionDurationSeconds}-{RoleSpec.MaxMaxSessionDurationSeconds}; " +
                "launch-instance --duration may not exceed it).",
            DefaultValueFactory = _ => IamRole.DefaultMaxSessionDurationSeconds,
        }.Require(
            d => d is >= RoleSpec.MinMaxSessionDurationSeconds and <= RoleSpec.MaxMaxSessionDurationSeconds,
            $"is outside {RoleSpec.MinMaxSessionDurationSeconds}-{RoleSpec.MaxMaxSessionDurationSeconds} seconds");

        private readonly Option<string[]> _trustedPrincipals = new Option<string[]>("--trusted-principal")
        {
            Description = "IAM user or role ARN of the source account to trust instead of the whole account (repeatable).",
        }.RequireEach(AwsNames.IsValidPrincipalArn, "is not an IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>)");

        private readonly Option<string?> _externalId = CommonOptions.ExternalId(
            "External id AssumeRole must pass (trust condition sts:ExternalId); never printed, and the state file records only that one is required.");

        private readonly Option<bool> _requireMfa = new("--require-mfa")
        {
            Description = "AssumeRole must be made with MFA (trust condition aws:MultiFactorAuthPresent).",
        };

        private readonly Option<string> _scope = new Option<string>("--scope")
        {
            Description = "What the role may do: ec2-full-access (AmazonEC2FullAccess, the tutorial's) or managed-instances " +
                "(an inline policy: launch, describe, and stop/start/terminate only instances tagged for this role).",
            DefaultValueFactory = _ => Ec2FullAccessScope,
            HelpName = $"{Ec2FullAccessScope}|{ManagedInstancesScope}",
        }.Require(s => s is Ec2FullAccessScope or ManagedInstancesScope, $"is not one of: {Ec2FullAccessScope}, {ManagedInstancesScope}")
            .Offering(Ec2FullAccessScope, ManagedInstancesScope);

        private readonly Option<TimeSpan?> _ttl = CommonOptions.Ttl("the role", "Not given: the role's expiry stays as it is (none stays none).");

        private readonly Option<string[]> _allowedInstanceTypes = new Option<string[]>("--allowed-instance-types")
        {
            Description = "With --scope managed-instances: the only instance types the role may launch, comma-separated " +
                "(e.g. t3.micro,t3.small; an ec2:InstanceType condition on RunInstances).",
            HelpName = "types",
        }.RequireEach(value => InstanceTypes(value).FirstOrDefault(t => !AwsNames.IsValidInstanceTypeSyntax(t)) is { } bad
            ? $"has '{bad}', which is not an instance type (family.size, for example t3.micro)"
            : null);

        private readonly Option<string?> _region = CommonOptions.Region();
        private readonly FanOutOptionGroup _fanOut = new();
        private readonly ApplyOptionGroup _apply = new();

        public Command Build()
        {
            var command = new Command("create-role", "Create the role in the destination account that the source account may assume.")
            {
                _sourceProfile, _destinationProfiles, _roleName, _policyNames, _policyArns, _scope, _allowedInstanceTypes, _maxSessionDuration,
                _trustedPrincipals, _externalId, _requireMfa, _ttl, _region,
            };
            _fanOut.AddTo(command);
            _apply.AddTo(command);

            // AmazonEC2FullAccess allows every type: only the scoped policy can hold the limit.
            command.Validators.Add(result =>
            {
                if (result.GetResult(_allowedInstanceTypes) is not null && result.GetValue(_scope) != ManagedInstancesScope)
                {
                    result.AddError($"{_allowedInstanceTypes.Name} needs --scope {ManagedInstancesScope}: only its policy can limit instance types (AmazonEC2FullAccess allows any).");
                }
            });
            return command;
        }

        /// <summary>The types of one --allowed-instance-types value (t3.micro,t3.small); an empty entry stays, to be refused.</summary>
        private static string[] InstanceTypes(string value) => value.Split(',', StringSplitOptions.TrimEntries);

        public CreateRoleOptions Bind(ParseResult parsed)
        {
            var policyArns = parsed.GetValue(_policyArns) ?? [];
            var policyNames = parsed.GetValue(_policyNames) ?? [];
            var scope = parsed.GetValue(_scope) == ManagedInstancesScope ? RoleScope.ManagedInstances : RoleScope.Ec2FullAccess;
            if (policyNames.Length == 0 && policyArns.Length == 0 && scope == RoleScope.Ec2FullAccess)
            {
                policyNames = [DefaultPolicyName];
            }

            var destinationProfiles = parsed.GetValue(_destinationProfiles) is { Length: > 0 } given ? given : ["destination"];
            var fanOut = _fanOut.Bind(parsed);
            if (fanOut.IsFanOut && destinationProfiles.Length > 1)
            {
                throw CliException.Usage("--destination-accounts reaches every member account from ONE --destination-profile (the management or a delegated " +
                    "administrator account); repeat --destination-profile only without --destination-accounts.");
            }

            return new CreateRoleOptions(
                parsed.GetValue(_sourceProfile),
                destinationProfiles[0],
                parsed.GetValue(_roleName)!,
                policyNames,
                policyArns,
                parsed.GetValue(_region),
                _apply.Bind(parsed))
            {
                MaxSessionDurationSeconds = parsed.GetValue(_maxSessionDuration),
                TrustedPrincipals = parsed.GetValue(_trustedPrincipals) ?? [],
                ExternalId = parsed.GetValue(_externalId),
                RequireMfa = parsed.GetValue(_requireMfa),
                Scope = scope,
                Ttl = parsed.GetValue(_ttl),
                AllowedInstanceTypes = (parsed.GetValue(_allowedInstanceTypes) ?? []).SelectMany(InstanceTypes).Distinct(StringComparer.Ordinal).ToList(),
                FanOut = fanOut,
                DestinationProfiles = destinationProfiles.Distinct(StringComparer.Ordinal).ToList(),
            };
        }
    }
}
