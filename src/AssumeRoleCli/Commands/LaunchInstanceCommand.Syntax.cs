using System.CommandLine;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Commands;

internal sealed partial class LaunchInstanceCommand
{
    /// <summary>The command line of launch-instance: its options, and how they become <see cref="LaunchInstanceOptions"/>.</summary>
    internal sealed class Syntax : ICommandSyntax<LaunchInstanceOptions>
    {
        private readonly Option<string?> _sourceProfile = CommonOptions.SourceProfile();
        private readonly Option<RoleArn?> _roleArn = CommonOptions.RoleArnOption("Role to assume (default: the role create-role recorded in the state file).");
        private readonly Option<string?> _region = CommonOptions.Region();

        private readonly Option<string> _instanceType = new Option<string>("--instance-type") { Description = "EC2 instance type.", DefaultValueFactory = _ => DefaultInstanceType }
            .Require(AwsNames.IsValidInstanceTypeSyntax, "is not an instance type (for example t2.micro)");

        private readonly Option<string?> _ami = new Option<string?>("--ami") { Description = "AMI id (default: the newest Canonical Ubuntu amd64 server image)." }
            .RequireWhenGiven(AwsNames.IsValidImageId, "is not an AMI id (ami-0123456789abcdef0)");

        private readonly Option<int> _count = new Option<int>("--count")
        {
            Description = "How many instances should run for the role in this region (1-100), like Terraform's count: a rerun launches only " +
                "the missing ones, and a lower count terminates the newest. Not given: as many as run already, at least 1 (a rerun never shrinks the fleet).",
            HelpName = "n",
        }
            .Require(c => c is >= 1 and <= 100, "is outside 1-100");

        private readonly Option<string?> _subnetId = new Option<string?>("--subnet-id") { Description = "Subnet to launch into." }
            .RequireWhenGiven(AwsNames.IsValidSubnetId, "is not a subnet id (subnet-0123abcd)");

        private readonly Option<string[]> _securityGroupIds = new Option<string[]>("--security-group-id") { Description = "Security group (repeatable)." }
            .RequireEach(AwsNames.IsValidSecurityGroupId, "is not a security group id (sg-0123abcd)");

        private readonly Option<string?> _keyName = new Option<string?>("--key-name") { Description = "EC2 key pair name." }
            .RequireWhenGiven(AwsNames.IsValidKeyName, "must be 1-255 printable ASCII characters");

        private readonly Option<string[]> _tags = new Option<string[]>("--tag") { Description = "Extra tag KEY=VALUE (repeatable)." }
            .RequireEach(ManagedTags.ProblemWithUserTag);

        private readonly Option<TimeSpan?> _ttl = CommonOptions.Ttl("the instances launched now", "Running instances keep theirs: tags are set only at launch.");
        private readonly AssumeRoleOptionGroup _assumeRole = new();
        private readonly Option<bool> _noWait = new("--no-wait") { Description = "Do not wait until the instances are running." };
        private readonly Option<TimeSpan> _waitTimeout = CommonOptions.WaitTimeout();
        private readonly FanOutOptionGroup _fanOut = new(withDestinationRole: false); // launch reaches no destination: it acts through the recorded roles
        private readonly ApplyOptionGroup _apply = new();

        public Command Build()
        {
            var command = new Command("launch-instance", "Assume the role with the source profile and launch EC2 instances in the role's account.")
            {
                _sourceProfile, _roleArn, _region, _instanceType, _ami, _count, _subnetId, _securityGroupIds, _keyName, _tags, _ttl,
            };
            _assumeRole.AddTo(command);

            command.Options.Add(_noWait);
            command.Options.Add(_waitTimeout);
            _fanOut.AddTo(command);
            _apply.AddTo(command);
            return command;
        }

        public LaunchInstanceOptions Bind(ParseResult parsed)
        {
            var fanOut = _fanOut.Bind(parsed);
            if (fanOut.IsFanOut && parsed.GetValue(_roleArn) is not null)
            {
                throw CliException.Usage("--role-arn launches through one role; --destination-accounts through the role the state file records in each account: pass one of them.");
            }

            return Options(parsed) with { FanOut = fanOut };
        }

        private LaunchInstanceOptions Options(ParseResult parsed) => new(
            parsed.GetValue(_sourceProfile),
            parsed.GetValue(_roleArn),
            parsed.GetValue(_region),
            parsed.GetValue(_instanceType)!,
            parsed.GetValue(_ami),
            parsed.GetResult(_count) is null ? null : parsed.GetValue(_count),
            parsed.GetValue(_subnetId),
            parsed.GetValue(_securityGroupIds) ?? [],
            parsed.GetValue(_keyName),
            ManagedTags.ParseUserTags(parsed.GetValue(_tags) ?? []),
            _assumeRole.Bind(parsed),
            parsed.GetValue(_noWait),
            parsed.GetValue(_waitTimeout),
            _apply.Bind(parsed))
        {
            Ttl = parsed.GetValue(_ttl),
        };
    }
}
