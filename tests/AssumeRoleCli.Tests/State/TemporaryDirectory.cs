namespace AssumeRoleCli.Tests.State;

/// <summary>A fresh directory per test with a state path in it, removed afterwards.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("assumerole-state-").FullName;

    public string StatePath => System.IO.Path.Combine(Path, "assumerole.state.json");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
