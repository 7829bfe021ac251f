using System.Diagnostics;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>The environment every child process of the tests gets: nothing of the test process's AWS setup or colour choice.</summary>
public static class ProcessEnvironment
{
    /// <summary>
    /// Removes every AWS_ variable and NO_COLOR inherited from the test process, makes <paramref name="home"/> HOME
    /// (so no ~/.aws of the machine is read), then sets <paramref name="environment"/>.
    /// </summary>
    public static void Isolate(ProcessStartInfo start, string home, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k == "NO_COLOR").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["HOME"] = home;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
    }
}
