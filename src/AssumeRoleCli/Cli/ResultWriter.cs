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
            await terminal.Out.WriteLineAsync(Json(terminal, result, json));
            return;
        }

        foreach (var (name, value) in textLines)
        {
            await terminal.Out.WriteLineAsync($"{name} = {value}");
        }
    }

    /// <summary>
    /// A JSON document for stdout: indented when a person reads it on a terminal (as the AWS CLI does), one line when
    /// it goes to a file or a pipe.
    /// </summary>
    public static string Json<T>(Terminal terminal, T value, JsonTypeInfo<T> json)
    {
        if (terminal.OutWidth is null)
        {
            return JsonSerializer.Serialize(value, json);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = json.Options.Encoder }))
        {
            JsonSerializer.Serialize(writer, value, json);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Quote(string value) => $"\"{value}\"";

    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Quote)) + "]";
}
