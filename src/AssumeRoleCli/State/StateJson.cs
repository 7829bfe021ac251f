using System.Text.Json;

namespace AssumeRoleCli.State;

/// <summary>
/// The state file's text ⇄ <see cref="StateDocument"/>. Reading is lenient where nothing is lost (missing or null
/// lists are empty, a missing version is the current one) and strict where guessing would be wrong: a newer
/// version is refused before its shape is even looked at, and a record without its identifying fields is invalid.
/// </summary>
internal static class StateJson
{
    private const string WhatToDo = "Fix it, or move it aside to start from an empty state.";

    public static byte[] Serialize(StateDocument document) =>
        [.. JsonSerializer.SerializeToUtf8Bytes(document, StateJsonContext.Default.StateDocument), (byte)'\n'];

    public static StateDocument Parse(string path, ReadOnlyMemory<byte> utf8)
    {
        using var json = ParseJson(path, utf8);
        var root = json.RootElement;
        if (root.ValueKind == JsonValueKind.Null)
        {
            return StateDocument.Empty;
        }

        var version = VersionOf(path, root);
        StateDocument? document;
        try
        {
            document = root.Deserialize(StateJsonContext.Default.StateDocument);
        }
        catch (JsonException error)
        {
            var field = error.Path is { Length: > 2 } jsonPath ? jsonPath[2..] : "a value"; // "$.launches[0].count" → "launches[0].count"
            throw Invalid(path, $"{field} has the wrong type or format");
        }

        // The source generator sets every init-only property, so a missing one arrives as null or 0, never as its default.
        // Whatever version was read, the document is now the current version's (version 1's single role joins the list).
        return Complete(path, document!) with { Version = StateDocument.CurrentVersion };
    }

    private static JsonDocument ParseJson(string path, ReadOnlyMemory<byte> utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8);
        }
        catch (JsonException error)
        {
            var where = error.LineNumber is { } line ? $" at line {line + 1}, column {error.BytePositionInLine + 1}" : "";
            throw new CliException($"State file {path} is not valid JSON{where}. {WhatToDo}");
        }
    }

    private static int VersionOf(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, $"it is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        if (!root.TryGetProperty("version", out var version))
        {
            return StateDocument.CurrentVersion;
        }

        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number < 1)
        {
            throw Invalid(path, $"version {version.GetRawText()} is not a version assumerole ever wrote");
        }

        if (number > StateDocument.CurrentVersion)
        {
            throw new CliException(
                $"State file {path} was written by a newer assumerole (version {number}); upgrade assumerole to use it. The file was left unchanged.");
        }

        return number;
    }

    private static StateDocument Complete(string path, StateDocument document)
    {
        var roles = new List<RoleRecord>();
        var recorded = (document.LegacyRole is { } legacy ? [legacy] : Array.Empty<RoleRecord>()).Concat(document.Roles ?? []);
        foreach (var (role, index) in recorded.Select((r, i) => (r, i)))
        {
            var where = document.LegacyRole is not null && index == 0 ? "role" : $"roles[{index - (document.LegacyRole is null ? 0 : 1)}]";
            if (role is null)
            {
                throw Invalid(path, $"{where} is null");
            }

            Require(path, where, ("arn", role.Arn), ("name", role.Name), ("account_id", role.AccountId), ("source_account_id", role.SourceAccountId));
            if (roles.All(r => r.Arn != role.Arn))
            {
                roles.Add(role with { PolicyArns = role.PolicyArns ?? [] });
            }
        }

        var launches = new List<LaunchRecord>();
        foreach (var (launch, index) in (document.Launches ?? []).Select((l, i) => (l, i)))
        {
            var where = $"launches[{index}]";
            if (launch is null)
            {
                throw Invalid(path, $"{where} is null");
            }

            Require(path, where, ("client_token", launch.ClientToken), ("role_arn", launch.RoleArn), ("region", launch.Region));
            launches.Add(launch with { InstanceIds = launch.InstanceIds ?? [] });
        }

        return document with { Roles = roles, LegacyRole = null, Launches = launches };
    }

    private static void Require(string path, string where, params (string Name, string? Value)[] fields)
    {
        foreach (var (name, value) in fields)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw Invalid(path, $"{where} has no {name}");
            }
        }
    }

    private static CliException Invalid(string path, string reason) =>
        new($"State file {path} is not a valid assumerole state: {reason}. {WhatToDo}");
}
