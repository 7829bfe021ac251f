using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Tests.Aws;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>create-role's identity rules, with STS and IAM faked (moto cannot sign in as a root user).</summary>
public sealed class CreateRoleIdentityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("assumerole-identity-").FullName;
    private readonly FakeClientFactory _clients = new();
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public CreateRoleIdentityTests()
    {
        var credentials = Path.Combine(_directory, "credentials");
        File.WriteAllText(credentials, "[source]\naws_access_key_id = AKIASOURCE\naws_secret_access_key = s\n[destination]\naws_access_key_id = AKIADEST\naws_secret_access_key = d\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite); // as 'aws configure' leaves it
        }
        File.WriteAllText(Path.Combine(_directory, "config"), "[profile source]\nregion = us-east-1\n[profile destination]\nregion = us-east-1\n");
        Services = new CliServices(
            new Terminal(_stdout, _stderr, new StringReader(""), false),
            AwsEnvironment.ForDirectory(credentials),
            _clients,
            TimeProvider.System,
            TimeSpan.Zero);
    }

    private CliServices Services { get; }

    public void Dispose()
    {
        _stdout.Dispose();
        _stderr.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<int> RunAsync(params string[] args) =>
        CliApp.RunAsync([.. args, "--state", Path.Combine(_directory, "state.json")], Services);

    [Fact]
    public async Task ARootUserSource_IsRefusedWithTheReason_AndNothingIsCreated()
    {
        _clients.StsByProfile["source"] = new FakeSts(new CallerIdentity("111122223333", "arn:aws:iam::111122223333:root", "111122223333"));
        _clients.StsByProfile["destination"] = new FakeSts(new CallerIdentity("444455556666", "arn:aws:iam::444455556666:user/admin", "AIDA"));

        var exit = await RunAsync("create-role", "--auto-approve");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("AWS never lets an account's root user assume a role", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(_clients.Iam.Writes);
    }

    [Fact]
    public async Task TheSameAccountOnBothSides_IsAWarning_AndStillWorks()
    {
        _clients.StsByProfile["source"] = new FakeSts(new CallerIdentity("111122223333", "arn:aws:iam::111122223333:user/dev", "AIDA1"));
        _clients.StsByProfile["destination"] = new FakeSts(new CallerIdentity("111122223333", "arn:aws:iam::111122223333:user/admin", "AIDA2"));

        var exit = await RunAsync("create-role", "--auto-approve");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("Warning: the source and destination profiles are both in account 111122223333", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("CreateRole assume_role", _clients.Iam.Writes);
    }
}
