using System.CommandLine;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Commands;

public sealed partial class LaunchInstanceCommand
{
    /// <summary>The command line of launch-instance: its options, and how they become <see cref="LaunchInstanceOptions"/>.</summary>
    private sealed class Syntax : ICommandSyntax<LaunchInstanceOptions>
    {
        private readonly Option<string> _sourceProfile = CommonOptions.SourceProfile();
        private readonly Option<string?> _roleArn = new("--role-arn") { Description = "Role to assume (default: the role create-role recorded in the state file)." };
        private readonly Option<string?> _region = CommonOptions.Region();
        private readonly Option<string> _instanceType = new("--instance-type") { Description = "EC2 instance type.", DefaultValueFactory = _ => DefaultInstanceType };
        private readonly Option<string?> _ami = new("--ami") { Description = "AMI id (default: the newest Canonical Ubuntu amd64 server image)." };
        private readonly Option<int> _count = new("--count") { Description = "How many instances (1-100), launched in one call.", DefaultValueFactory = _ => 1 };
        private readonly Option<string?> _subnetId = new("--subnet-id") { Description = "Subnet to launch into." };
        private readonly Option<string[]> _securityGroupIds = new("--security-group-id") { Description = "Security group (repeatable)." };
        private readonly Option<string?> _keyName = new("--key-name") { Description = "EC2 key pair name." };
        private readonly Option<string[]> _tags = new("--tag") { Description = "Extra tag KEY=VALUE (repeatable)." };
        private readonly Option<string> _sessionName = new("--session-name") { Description = "AssumeRole session name.", DefaultValueFactory = _ => DefaultSessionName };
        private readonly Option<int> _duration = new("--duration") { Description = "Session duration in seconds (900-43200).", DefaultValueFactory = _ => 3600 };
        private readonly Option<bool> _noWait = new("--no-wait") { Description = "Do not wait until the instances are running." };
        private readonly Option<TimeSpan> _waitTimeout = CommonOptions.WaitTimeout();
        private readonly Option<bool> _autoApprove = CommonOptions.AutoApprove();
        private readonly Option<string> _output = CommonOptions.Output();
        private readonly Option<string> _state = CommonOptions.State();

        public Command Build() => new("launch-instance", "Assume the role with the source profile and launch EC2 instances in the role's account.")
        {
            _sourceProfile, _roleArn, _region, _instanceType, _ami, _count, _subnetId, _securityGroupIds, _keyName, _tags,
            _sessionName, _duration, _noWait, _waitTimeout, _autoApprove, _output, _state,
        };

        public LaunchInstanceOptions Bind(ParseResult parsed)
        {
            var roleArn = parsed.GetValue(_roleArn) is { } arn ? RoleArn.ParseOrUsageError(arn) : null;
            var count = parsed.GetValue(_count);
            Require(count is >= 1 and <= 100, $"--count {count} is outside 1-100.");
            var instanceType = parsed.GetValue(_instanceType)!;
            Require(Naming.IsValidInstanceTypeSyntax(instanceType), $"--instance-type '{instanceType}' is not an instance type (for example t2.micro).");
            var ami = parsed.GetValue(_ami);
            Require(ami is null || AmiPattern().IsMatch(ami), $"--ami '{ami}' is not an AMI id (ami-0123456789abcdef0).");
            var subnet = parsed.GetValue(_subnetId);
            Require(subnet is null || SubnetPattern().IsMatch(subnet), $"--subnet-id '{subnet}' is not a subnet id (subnet-0123abcd).");
            var groups = parsed.GetValue(_securityGroupIds) ?? [];
            foreach (var group in groups)
            {
                Require(SecurityGroupPattern().IsMatch(group), $"--security-group-id '{group}' is not a security group id (sg-0123abcd).");
            }

            var sessionName = parsed.GetValue(_sessionName)!;
            Require(SessionNamePattern().IsMatch(sessionName), $"--session-name '{sessionName}' must be 2-64 of letters, digits and +=,.@_-.");
            var duration = parsed.GetValue(_duration);
            Require(duration is >= 900 and <= 43200, $"--duration {duration} is outside 900-43200 seconds.");
            var keyName = parsed.GetValue(_keyName);
            Require(keyName is null || keyName.Length is > 0 and <= 255, "--key-name must be 1-255 characters.");

            return new LaunchInstanceOptions(
                parsed.GetValue(_sourceProfile)!,
                roleArn,
                parsed.GetValue(_region),
                instanceType,
                ami,
                count,
                subnet,
                groups,
                keyName,
                ParseTags(parsed.GetValue(_tags) ?? []),
                sessionName,
                duration,
                parsed.GetValue(_noWait),
                parsed.GetValue(_waitTimeout),
                parsed.GetValue(_autoApprove),
                CommonOptions.ParseOutput(parsed.GetValue(_output)!),
                parsed.GetValue(_state)!);
        }

        private static Dictionary<string, string> ParseTags(IEnumerable<string> tags)
        {
            var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                var equals = tag.IndexOf('=', StringComparison.Ordinal);
                Require(equals > 0, $"--tag '{tag}' is not KEY=VALUE.");
                var (key, value) = (tag[..equals], tag[(equals + 1)..]);
                Require(key.Length <= 128 && value.Length <= 256, $"--tag '{tag}': keys are at most 128 characters, values 256.");
                Require(!ManagedTags.IsReserved(key), $"--tag '{key}' is reserved: it marks what AssumeRoleCli created.");
                parsed[key] = value;
            }

            return parsed;
        }

        private static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw CliException.Usage(message);
            }
        }
    }
}
