using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// create-role's identity rules, with STS and IAM faked (moto cannot sign in as a root user): who is asked who they
/// are (the source and the destination, once each, at the same time: the plan names the destination's account).
/// </summary>
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

    private string StatePath => Path.Combine(_directory, "state.json");

    private Task<int> RunAsync(params string[] args) =>
        CliApp.RunAsync([.. args, "--state", StatePath], Services);

    private (FakeSts Source, FakeSts Destination) TwoAccounts(string sourceAccount = "444455556666", string destinationAccount = "111122223333")
    {
        var source = _clients.StsByProfile["source"] = new FakeSts(new CallerIdentity(sourceAccount, $"arn:aws:iam::{sourceAccount}:user/dev", "AIDA1"));
        var destination = _clients.StsByProfile["destination"] = new FakeSts(new CallerIdentity(destinationAccount, $"arn:aws:iam::{destinationAccount}:user/admin", "AIDA2"));
        _clients.Iam.AccountId = destinationAccount;
        return (source, destination);
    }

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

    [Fact]
    public async Task ANewRole_AsksBothSidesWhoTheyAreOnce_ThePlanNamingTheDestinationAccount_TheArnComingFromCreateRolesAnswer()
    {
        var (source, destination) = TwoAccounts();

        var exit = await RunAsync("create-role", "--auto-approve");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal((1, 1), (source.GetCallerIdentityCalls, destination.GetCallerIdentityCalls));
        Assert.Contains("Target: account 111122223333 (profile 'destination'), region us-east-1.", _stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, _clients.Iam.GetPolicyCalls);
        Assert.Contains("+ arn                  = (known after apply)", _stdout.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("role_arn = \"arn:aws:iam::111122223333:role/assume_role\"\n", _stdout.ToString(), StringComparison.Ordinal);
        var recorded = Assert.Single(StateFile.Read(StatePath).Roles);
        Assert.Equal(("arn:aws:iam::111122223333:role/assume_role", "111122223333", "444455556666"), (recorded.Arn, recorded.AccountId, recorded.SourceAccountId));
        Assert.DoesNotContain("Warning", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExistingRoleInTheSourcesAccount_IsWarnedAboutBeforeAnythingChanges()
    {
        var (_, destination) = TwoAccounts(sourceAccount: "111122223333");
        _clients.Iam.AddRole(new IamRole("assume_role", "arn:aws:iam::111122223333:role/assume_role", "{}", new Dictionary<string, string> { ["ManagedBy"] = "AssumeRoleCli" }));

        var exit = await RunAsync("create-role", "--dry-run");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("Warning: the source and destination profiles are both in account 111122223333", _stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, destination.GetCallerIdentityCalls);
        Assert.Empty(_clients.Iam.Writes);
    }

    [Fact]
    public async Task AScopedNewRole_AsksTheDestinationOnce_ForTheArnItsPolicyNames()
    {
        var (_, destination) = TwoAccounts();

        var exit = await RunAsync("create-role", "--auto-approve", "--scope", "managed-instances");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(1, destination.GetCallerIdentityCalls);
        Assert.Contains("+ arn                  = \"arn:aws:iam::111122223333:role/assume_role\"", _stdout.ToString(), StringComparison.Ordinal);
        var scoped = await _clients.Iam.GetInlinePolicyAsync("assume_role", ManagedInstancesPolicy.PolicyName, CancellationToken.None);
        Assert.Equal(ManagedInstancesPolicy.For(RoleArn.For("aws", "111122223333", "assume_role")), scoped);
    }

    [Fact]
    public async Task TheDefaultPolicyMissingFromThePartition_IsOneErrorLineNamingIt()
    {
        TwoAccounts();
        _clients.Iam.AwsManagedPolicies.RemoveAll(p => p.Name == "AmazonEC2FullAccess");

        var exit = await RunAsync("create-role", "--auto-approve");

        Assert.Equal(ExitCodes.Failure, exit);
        var error = Assert.Single(_stderr.ToString().Split('\n'), line => line.StartsWith("Error:", StringComparison.Ordinal));
        Assert.Contains("Could not attach policy AmazonEC2FullAccess (arn:aws:iam::aws:policy/AmazonEC2FullAccess)", error, StringComparison.Ordinal);
        Assert.Contains("NoSuchEntity", error, StringComparison.Ordinal);
    }
}
