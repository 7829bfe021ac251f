using System.CommandLine;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Commands;

/// <summary>What exec, credentials and console share: which role, as whom, and how.</summary>
public sealed record RoleCredentialsOptions(string? SourceProfile, RoleArn? RoleArn, string? Region, AssumeRoleSettings AssumeRole, string StatePath);

/// <summary>The role's temporary credentials, and the region they are meant for. Holds secrets: never print it.</summary>
public sealed record RoleCredentialsResult(AssumedRole Assumed, string Region)
{
    /// <summary>The role assumed.</summary>
    public required RoleArn Role { get; init; }

    /// <summary>Who assumed it (console asks whether that is itself a role's session).</summary>
    public required AwsSession Source { get; init; }
}

/// <summary>
/// Assumes the role for exec, credentials and console: the role from --role-arn or the state file (read, not locked: the child may
/// run assumerole itself), the source as every command resolves it, MFA and the credential cache, and patience only while
/// a role the state says is new propagates (see <see cref="RoleFromSource"/>).
/// </summary>
internal sealed class RoleCredentials(CliServices services)
{
    public async Task<RoleCredentialsResult> AssumeAsync(RoleCredentialsOptions options, CancellationToken ct)
    {
        var state = StateFile.Read(options.StatePath);
        var role = options.RoleArn ?? RoleTarget.ToAssume(null, state, options.StatePath);
        var mfaCodes = new MfaCodes(options.AssumeRole.MfaGiven.Code, services.Terminal);
        var profiles = services.ProfilesAsking(mfaCodes);
        using var progress = services.NewProgress();
        var reached = await services.RoleFromSource(progress, options.AssumeRole).AssumeAsync(
            profiles, options.SourceProfile, options.Region, AssumeRoleMfa.Completer(options.AssumeRole, profiles, mfaCodes), role, state, services.Time.GetUtcNow(),
            services.Terminal.Error.WriteLineAsync, ct);
        return new RoleCredentialsResult(reached.Assumed, reached.Source.Region.SystemName) { Role = reached.Role, Source = reached.Source };
    }

    /// <summary>The options exec, credentials and console all take.</summary>
    internal sealed class Syntax
    {
        private readonly Option<string?> _sourceProfile = CommonOptions.SourceProfile();
        private readonly Option<RoleArn?> _roleArn = CommonOptions.RoleArnOption("Role to assume (default: the role create-role recorded in the state file).");
        private readonly Option<string?> _region = CommonOptions.Region();
        private readonly AssumeRoleOptionGroup _assumeRole = new();
        private readonly Option<string> _state = CommonOptions.State();

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _sourceProfile, _roleArn, _region }.Concat(_assumeRole.Options).Append(_state))
            {
                command.Options.Add(option);
            }
        }

        public RoleCredentialsOptions Bind(ParseResult parsed) => new(
            parsed.GetValue(_sourceProfile), parsed.GetValue(_roleArn), parsed.GetValue(_region), _assumeRole.Bind(parsed), parsed.GetValue(_state)!);
    }
}
