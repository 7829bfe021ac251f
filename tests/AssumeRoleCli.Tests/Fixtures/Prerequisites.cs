namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// Where the tools the tests start live: scripts/prerequisites.sh (run by <c>dotnet test</c> before any test, see
/// the test project) writes artifacts/prerequisites.env with the moto_server and python3 (with boto3) it found or
/// installed into its cache venv; without that file (or when a path in it is gone), PATH decides.
/// </summary>
public static class Prerequisites
{
    public const string Script = "scripts/prerequisites.sh";
    public const string SetupHint = $"run `bash {Script} --tests` (dotnet test runs it before the tests; it installs what it can and says what to run where it cannot)";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Recorded = new(ReadRecorded);

    /// <summary>artifacts/prerequisites.env in the repository.</summary>
    public static string EnvironmentFile => Path.Combine(MotoSandbox.FindRepositoryRoot(), "artifacts", "prerequisites.env");

    /// <summary>moto_server: the one the script recorded, else the one on PATH, else null.</summary>
    public static string? MotoServer => Tool("MOTO_SERVER", Fixtures.MotoServer.ExecutableName);

    /// <summary>A python3 that imports boto3 (scripts/moto_sandbox.py needs it): the recorded one, else PATH's, else null.</summary>
    public static string? Python3 => Tool("PYTHON3", "python3");

    private static string? Tool(string key, string executable) =>
        Recorded.Value.TryGetValue(key, out var path) && File.Exists(path) ? path : Fixtures.MotoServer.FindOnPath(executable);

    private static Dictionary<string, string> ReadRecorded()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(EnvironmentFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return values;
        }

        foreach (var line in lines)
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (!line.StartsWith('#') && equals > 0)
            {
                values[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return values;
    }
}
