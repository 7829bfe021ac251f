using System.Text.Json;
using AssumeRoleCli.Aws.Organizations.Model;

namespace AssumeRoleCli.Aws.Organizations.Transform;

/// <summary>JSON 1.1 members, written and read by name (no reflection: Native AOT).</summary>
internal static class JsonMembers
{
    public static void WriteIfSet(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteIfSet(this Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    /// <summary>A string member; null when absent or JSON null.</summary>
    public static string? Text(JsonElement parent, string name)
        => parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>An object member; an undefined element when absent.</summary>
    public static JsonElement Member(JsonElement parent, string name)
        => parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) ? value : default;

    /// <summary>The items of a list member; empty when absent.</summary>
    public static List<T> List<T>(JsonElement parent, string name, Func<JsonElement, T> read)
        => Member(parent, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().Select(read).ToList() : [];

    public static Account Account(JsonElement e) => new()
    {
        Id = Text(e, "Id"),
        Arn = Text(e, "Arn"),
        Email = Text(e, "Email"),
        Name = Text(e, "Name"),
        Status = Text(e, "Status"),
        State = Text(e, "State"),
        JoinedMethod = Text(e, "JoinedMethod"),
    };

    public static Organization Organization(JsonElement e) => new()
    {
        Id = Text(e, "Id"),
        Arn = Text(e, "Arn"),
        FeatureSet = Text(e, "FeatureSet"),
        MasterAccountArn = Text(e, "MasterAccountArn"),
        MasterAccountId = Text(e, "MasterAccountId"),
        MasterAccountEmail = Text(e, "MasterAccountEmail"),
    };
}
