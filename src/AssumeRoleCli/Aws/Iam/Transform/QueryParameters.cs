using System.Globalization;
using AssumeRoleCli.Aws.Iam.Model;

namespace AssumeRoleCli.Aws.Iam.Transform;

/// <summary>Query-protocol parameter encoding helpers (IAM flavour: lists use <c>.member.N</c>).</summary>
internal static class QueryParameters
{
    public static void AddIfSet(this IDictionary<string, string> parameters, string name, string? value)
    {
        if (value is not null)
        {
            parameters[name] = value;
        }
    }

    public static void AddIfSet(this IDictionary<string, string> parameters, string name, int? value)
    {
        if (value is { } v)
        {
            parameters[name] = v.ToString(CultureInfo.InvariantCulture);
        }
    }

    public static void AddIfSet(this IDictionary<string, string> parameters, string name, bool? value)
    {
        if (value is { } v)
        {
            parameters[name] = v ? "true" : "false";
        }
    }

    /// <summary>Writes <c>{name}.member.{i}.Key</c> / <c>.Value</c>, 1-based; nothing for an empty list.</summary>
    public static void AddTags(this IDictionary<string, string> parameters, string name, IEnumerable<Tag>? tags)
    {
        if (tags is null)
        {
            return;
        }

        var index = 1;
        foreach (var tag in tags)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{name}.member.{index}");
            parameters.AddIfSet(prefix + ".Key", tag.Key);
            parameters.AddIfSet(prefix + ".Value", tag.Value);
            index++;
        }
    }
}
