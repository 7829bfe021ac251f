using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Commands;

public enum CredentialsFormat
{
    Process,
    Env,
    Json,
}

public sealed record CredentialsOptions(RoleCredentialsOptions Role, CredentialsFormat Format);

/// <summary>The credential_process answer every AWS SDK and the AWS CLI read. Holds secrets.</summary>
internal sealed record ProcessCredentials(
    [property: JsonPropertyName("Version")] int Version,
    [property: JsonPropertyName("AccessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("SecretAccessKey")] string SecretAccessKey,
    [property: JsonPropertyName("SessionToken")] string SessionToken,
    [property: JsonPropertyName("Expiration")] string? Expiration);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProcessCredentials))]
internal sealed partial class CredentialsJsonContext : JsonSerializerContext;

/// <summary>
/// credentials: prints the role's temporary credentials on stdout, for <c>credential_process = assumerole credentials ...</c>
/// (process, json) or a shell's <c>eval</c> (env). With exec, the only place a secret is ever printed.
/// </summary>
internal sealed class CredentialsCommand(CliServices services) : CliCommand<CredentialsOptions, CredentialsCommand.Syntax>(services)
{
    /// <summary>The command line of credentials: the options that reach the role, and the output format.</summary>
    internal sealed class Syntax : ICommandSyntax<CredentialsOptions>
    {
        private readonly RoleCredentials.Syntax _role = new();

        private readonly Option<CredentialsFormat> _format = new Option<CredentialsFormat>("--format")
        {
            Description = "process (credential_process JSON, the default), json (the same), or env (export lines for a shell).",
            HelpName = "process|json|env",
            DefaultValueFactory = _ => CredentialsFormat.Process,
            CustomParser = result => result.Tokens.Count == 0 ? CredentialsFormat.Process : result.Tokens[0].Value switch
            {
                "process" => CredentialsFormat.Process,
                "json" => CredentialsFormat.Json,
                "env" => CredentialsFormat.Env,
                var other => Invalid(result, other),
            },
        }.Offering("process", "json", "env");

        public Command Build()
        {
            var command = new Command("credentials", "Assume the role and print its temporary credentials on stdout (for credential_process, or eval with --format env).");
            _role.AddTo(command);
            command.Options.Add(_format);
            return command;
        }

        public CredentialsOptions Bind(ParseResult parsed) => new(_role.Bind(parsed), parsed.GetValue(_format));
    }

    public override async Task<int> RunAsync(CredentialsOptions options, CancellationToken ct)
    {
        var (assumed, region) = await new RoleCredentials(Services).AssumeAsync(options.Role, ct);
        var output = Services.Terminal.Out;
        if (options.Format == CredentialsFormat.Env)
        {
            foreach (var (name, value) in ChildEnvironment.Variables(assumed, region))
            {
                await output.WriteLineAsync($"export {name}={ShellQuote(value)}");
            }

            foreach (var name in ChildEnvironment.Unset(assumed, region))
            {
                await output.WriteLineAsync($"unset {name}");
            }
        }
        else
        {
            var keys = assumed.Credentials.GetCredentials();
            var expiration = assumed.Expiration?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var answer = new ProcessCredentials(1, keys.AccessKey, keys.SecretKey, keys.Token, expiration);
            await output.WriteLineAsync(JsonSerializer.Serialize(answer, CredentialsJsonContext.Default.ProcessCredentials));
        }

        await output.FlushAsync(ct);
        return ExitCodes.Success;
    }

    /// <summary>POSIX single quotes: nothing inside is special, and a quote is closed, escaped and reopened.</summary>
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static CredentialsFormat Invalid(System.CommandLine.Parsing.ArgumentResult result, string given)
    {
        result.AddError($"--format '{given}' is not one of: process, env, json.");
        return CredentialsFormat.Process;
    }
}
