using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// Every integration test class that talks to moto is <c>[Collection(MotoCollection.Name)]</c> and takes a
/// <see cref="MotoSandbox"/> in its constructor, so the whole suite shares ONE moto server.
/// </summary>
[CollectionDefinition(Name)]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is an xunit collection definition.")]
public sealed class MotoCollection : ICollectionFixture<MotoSandbox>
{
    public const string Name = "moto";
}

/// <summary>
/// One moto server for the test run, bootstrapped by scripts/moto_sandbox.py with <see cref="WorldCount"/>
/// two-account worlds (one source account shared by all worlds, a fresh destination account each),
/// then switched to enforcing signatures, access keys and IAM policies.
/// Each test calls <see cref="LeaseWorld"/> to get accounts nobody else uses.
/// </summary>
public sealed class MotoSandbox : IAsyncLifetime
{
    /// <summary>
    /// Worlds bootstrapped up front; every LeaseWorld() call (each case of a theory included) uses one. Each world
    /// costs one new destination account, ~1 s of moto CPU (with managed policies loaded, moto builds the IAM backends
    /// of every partition per new account); the source account is created once and shared. The suite leases about 80 (count with grep LeaseWorld)
    /// (the AwsBehaviour* proxy tests, status, least privilege); 96 leaves a margin. An exhausted pool fails the test that asks, loudly.
    /// </summary>
    public static readonly int WorldCount = WorldCountFor(Environment.GetEnvironmentVariable("ASSUMEROLE_TEST_WORLDS"));

    /// <summary>
    /// A developer running a few moto tests with <c>--filter</c> may set ASSUMEROLE_TEST_WORLDS to bootstrap fewer
    /// worlds (each costs ~1 s of moto CPU); unset, the whole suite's 96.
    /// </summary>
    private static int WorldCountFor(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 96;

    public const string Region = "us-east-1";
    public const string SolutionFileName = "AssumeRoleCli.sln";
    /// <summary>~1 min for all worlds on an idle machine; 56 worlds took 4 min 50 s on 2 cores busy with other builds.</summary>
    public static readonly TimeSpan BootstrapTimeout = TimeSpan.FromMinutes(10);

    private readonly List<TwoAccountWorld> _worlds = [];
    private int _leased;
    private MotoServer? _server;
    private AwsBehaviourProxy? _proxy;

    /// <summary>Temp directory holding world-N/ directories and the server log; deleted on dispose.</summary>
    public string RootDirectory { get; } =
        Path.Combine(Path.GetTempPath(), "assumerole-moto-" + Guid.NewGuid().ToString("N")[..12]);

    public MotoServer Server => _server ?? throw new InvalidOperationException("MotoSandbox is not initialized.");

    public string EndpointUrl => Server.EndpointUrl;

    /// <summary>
    /// The AWS-behaviour proxy in front of this moto server, knowing every world's keys. A test that needs AWS
    /// behaviour moto lacks opens its own scope: <c>using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());</c>
    /// then uses <c>aws.World</c> (whose EndpointUrl goes through the proxy) and <c>aws.Add(rule)</c>.
    /// </summary>
    public AwsBehaviourProxy Proxy => _proxy ?? throw new InvalidOperationException("MotoSandbox is not initialized.");

    public TimeSpan ServerStartTime => Server.StartupTime;

    /// <summary>Wall time of moto_sandbox.py (all worlds plus enabling auth).</summary>
    public TimeSpan BootstrapTime { get; private set; }

    public int WorldsRemaining => Math.Max(0, _worlds.Count - Volatile.Read(ref _leased));

    public async Task InitializeAsync()
    {
        try
        {
            _server = await MotoServer.StartAsync(RootDirectory);
            await BootstrapAsync(_server.EndpointUrl);
            _proxy = AwsBehaviourProxy.For(_server.EndpointUrl, Region, _worlds);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public Task DisposeAsync()
    {
        _proxy?.Dispose();
        _server?.Dispose();
        try
        {
            if (System.IO.Directory.Exists(RootDirectory))
            {
                System.IO.Directory.Delete(RootDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: it is a temp directory.
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A world whose destination account no other caller gets (the source account, whose user may only call
    /// sts:AssumeRole / sts:GetCallerIdentity, is shared by all worlds). Thread-safe.
    /// </summary>
    public TwoAccountWorld LeaseWorld()
    {
        var index = Interlocked.Increment(ref _leased) - 1;
        if (index >= _worlds.Count)
        {
            throw new InvalidOperationException(
                $"The moto sandbox world pool is exhausted: all {_worlds.Count} worlds are leased. " +
                $"Raise {nameof(MotoSandbox)}.{nameof(WorldCount)} in {nameof(MotoSandbox)}.cs.");
        }

        return _worlds[index];
    }

    /// <summary>Tail of moto's log, handy in assertion messages.</summary>
    public string ServerLogTail(int maxLines = 80) => _server?.ReadLogTail(maxLines) ?? "(server not started)";

    /// <summary>The directory containing AssumeRoleCli.sln, found by walking up from the test binaries.</summary>
    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFileName} found above {AppContext.BaseDirectory}.");
    }

    private async Task BootstrapAsync(string endpointUrl)
    {
        var script = Path.Combine(FindRepositoryRoot(), "scripts", "moto_sandbox.py");
        var python = MotoServer.FindOnPath("python3") ?? throw new InvalidOperationException(
            $"python3 was not found on PATH; it runs {script} (needs boto3, which `{MotoServer.InstallHint}` installs).");
        var worldsDirectory = Path.Combine(RootDirectory, "worlds");

        var startInfo = new ProcessStartInfo(python)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            script, "--endpoint", endpointUrl, "--out", worldsDirectory,
            "--worlds", WorldCount.ToString(CultureInfo.InvariantCulture), "--region", Region, "--enable-auth",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {python} {script}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(BootstrapTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(
                    $"{script} did not finish within {BootstrapTimeout}. moto log:\n{ServerLogTail()}");
            }
        }

        BootstrapTime = stopwatch.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{script} failed with exit code {process.ExitCode}.\nstdout:\n{await stdout}\nstderr:\n{await stderr}\n" +
                $"moto log:\n{ServerLogTail()}");
        }

        await stdout;
        await stderr;
        for (var i = 1; i <= WorldCount; i++)
        {
            _worlds.Add(TwoAccountWorld.Load(Path.Combine(worldsDirectory, $"world-{i}")));
        }
    }
}
