using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Docs;

/// <summary>The policies docs/permissions.md shows, read from docs/policies/ with their placeholders filled in.</summary>
public static class DocumentedPolicies
{
    public const string Source = "source.json";
    public const string DestinationOperator = "destination-operator.json";

    public static string Directory => Path.Combine(MotoSandbox.FindRepositoryRoot(), "docs", "policies");

    public static string Text(string file) => File.ReadAllText(Path.Combine(Directory, file));

    /// <summary>The policy for a role <paramref name="roleName"/> in <paramref name="destinationAccount"/>; every placeholder must be filled.</summary>
    public static string For(string file, string destinationAccount, string roleName, string partition = "aws")
    {
        var filled = Text(file)
            .Replace("<partition>", partition, StringComparison.Ordinal)
            .Replace("<destination-account-id>", destinationAccount, StringComparison.Ordinal)
            .Replace("<role-name>", roleName, StringComparison.Ordinal);
        return filled.Contains('<', StringComparison.Ordinal)
            ? throw new InvalidDataException($"{file} has a placeholder this test does not fill: {filled}")
            : filled;
    }

    /// <summary>The policy without the statement whose Sid is <paramref name="sid"/>.</summary>
    public static string Without(string policy, string sid)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(policy)!;
        var statements = document["Statement"]!.AsArray();
        var removed = statements.Single(s => (string?)s!["Sid"] == sid);
        statements.Remove(removed);
        return document.ToJsonString();
    }
}
