using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// One IAM request to judge: who asks for which action on which resource, with which request context, under which
/// identity policy (and, for sts:AssumeRole across accounts, the role's trust policy as the resource policy).
/// Context values are strings, or string arrays for multi-valued keys such as aws:TagKeys.
/// </summary>
public sealed record SimulatedRequest(
    string Name,
    string IdentityPolicy,
    string Action,
    string Resource,
    string Principal,
    IReadOnlyDictionary<string, object>? Context = null,
    string? ResourcePolicy = null);

/// <summary>
/// Judges IAM requests with an IAM policy simulator that follows AWS's evaluation logic and checks actions, resource
/// ARNs and condition keys against AWS's service authorization reference (tests/policy-simulation: Node.js and
/// @cloud-copilot/iam-simulate, installed by `npm ci --prefix tests/policy-simulation`). moto cannot do this: it
/// evaluates no condition of an identity policy and matches every EC2 call against Resource "*".
/// </summary>
public static class PolicySimulator
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Directory => Path.Combine(MotoSandbox.FindRepositoryRoot(), "tests", "policy-simulation");

    /// <summary>Each request's decision by name: Allowed, ImplicitlyDenied, ExplicitlyDenied, or "error: ..." when the simulator refuses the request as invalid.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> JudgeAsync(IEnumerable<SimulatedRequest> requests)
    {
        var node = MotoServer.FindOnPath("node") ?? throw new InvalidOperationException(
            "node was not found on PATH; the policy simulation tests need Node.js (20+) and `npm ci --prefix tests/policy-simulation`.");
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@cloud-copilot", "iam-simulate")))
        {
            throw new InvalidOperationException($"The policy simulator is not installed: run `npm ci --prefix {Directory}` (CI's .ci/run does).");
        }

        var input = new JsonArray(requests.Select(ToJson).ToArray()).ToJsonString();
        var startInfo = new ProcessStartInfo(node)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
        };
        startInfo.ArgumentList.Add(Path.Combine(Directory, "simulate.mjs"));
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {node}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            await process.WaitForExitAsync(timeout.Token);
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"simulate.mjs failed with exit code {process.ExitCode}:\n{await stderr}");
        }

        return JsonNode.Parse(await stdout)!.AsArray()
            .ToDictionary(r => (string)r!["name"]!, r => (string)r!["result"]!, StringComparer.Ordinal);
    }

    private static JsonObject ToJson(SimulatedRequest request)
    {
        var context = new JsonObject();
        foreach (var (key, value) in request.Context ?? new Dictionary<string, object>())
        {
            context[key] = value switch
            {
                string text => JsonValue.Create(text),
                IEnumerable<string> many => new JsonArray(many.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                _ => throw new ArgumentException($"Context value of {key} must be a string or strings."),
            };
        }

        return new JsonObject
        {
            ["name"] = request.Name,
            ["identityPolicy"] = JsonNode.Parse(request.IdentityPolicy),
            ["resourcePolicy"] = request.ResourcePolicy is null ? null : JsonNode.Parse(request.ResourcePolicy),
            ["action"] = request.Action,
            ["resource"] = request.Resource,
            ["principal"] = request.Principal,
            ["context"] = context,
        };
    }
}
