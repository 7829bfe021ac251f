using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AssumeRoleCli.Cli;

/// <summary>Writes a command's result: Terraform-style <c>name = "value"</c> lines, or one JSON document.</summary>
public static class ResultWriter
{
    public static async Task WriteAsync<T>(Terminal terminal, OutputFormat format, T result, JsonTypeInfo<T> json, IEnumerable<(string Name, string Value)> textLines)
    {
        if (format == OutputFormat.Json)
        {
            await terminal.Out.WriteLineAsync(JsonSerializer.Serialize(result, json));
            return;
        }

        foreach (var (name, value) in textLines)
        {
            await terminal.Out.WriteLineAsync($"{name} = {value}");
        }
    }

    public static string Quote(string value) => $"\"{value}\"";

    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Quote)) + "]";
}
