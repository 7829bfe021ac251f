using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.Provisioning;

public class RoleTargetTests
{
    private static readonly CallerIdentity Destination = new("111122223333", "arn:aws:iam::111122223333:user/admin", "AIDA");
    private static readonly RoleRecord Recorded = new("arn:aws:iam::111122223333:role/team/recorded", "recorded", "111122223333", "444455556666", []);

    private static StateDocument With(params RoleRecord[] roles) => StateDocument.Empty with { Roles = roles };

    private static RoleArn Resolve(RoleArn? arn = null, string? name = null, RoleRecord? recorded = null, CallerIdentity? destination = null) =>
        Assert.Single(RoleTarget.ToDestroy(arn, name, recorded is null ? StateDocument.Empty : With(recorded), destination, "destination", "state.json"));

    [Fact]
    public void AnExplicitArn_Wins()
    {
        var arn = RoleArn.For("aws", "999999999999", "given");

        Assert.Same(arn, Resolve(arn, null, Recorded, Destination));
    }

    [Fact]
    public void WithNothingGiven_TheStateFilesRoleIsUsed_PathAndAll()
    {
        Assert.Equal(Recorded.Arn, Resolve(recorded: Recorded, destination: Destination).ToString());
        Assert.Equal(Recorded.Arn, Resolve(recorded: Recorded).ToString());
    }

    [Fact]
    public void WithNothingRecorded_AssumeRoleInTheDestinationAccount_IsUsed()
    {
        Assert.Equal("arn:aws:iam::111122223333:role/assume_role", Resolve(destination: Destination).ToString());
    }

    [Fact]
    public void ARoleName_IsLookedForInTheDestinationAccount()
    {
        Assert.Equal("arn:aws:iam::111122223333:role/named", Resolve(name: "named", recorded: Recorded, destination: Destination).ToString());
        Assert.Equal(Recorded.Arn, Resolve(name: "recorded", recorded: Recorded, destination: Destination).ToString());
    }

    [Fact]
    public void WithoutADestinationProfile_OnlyTheStateFileCanTellTheAccount()
    {
        Assert.Equal(Recorded.Arn, Resolve(name: "recorded", recorded: Recorded).ToString());

        var error = Assert.Throws<CliException>(() => Resolve(name: "named", recorded: Recorded));
        Assert.Contains("--role-arn", error.Message, StringComparison.Ordinal);
        Assert.Throws<CliException>(() => Resolve());
    }

    [Fact]
    public async Task ToDestroyAsync_AsksWhoTheDestinationIs_OnlyWhenTheAnswerDependsOnIt()
    {
        var asked = 0;
        Task<CallerIdentity?> Who()
        {
            asked++;
            return Task.FromResult<CallerIdentity?>(Destination);
        }

        Task<IReadOnlyList<RoleArn>> ResolveAsync(RoleArn? arn, string? name, StateDocument state) =>
            RoleTarget.ToDestroyAsync(arn, name, state, Who, "destination", "state.json");

        Assert.Equal(Recorded.Arn, Assert.Single(await ResolveAsync(null, null, With(Recorded))).ToString());
        Assert.Equal("arn:aws:iam::999999999999:role/given", Assert.Single(await ResolveAsync(RoleArn.For("aws", "999999999999", "given"), null, StateDocument.Empty)).ToString());
        Assert.Equal(0, asked);

        Assert.Equal("arn:aws:iam::111122223333:role/assume_role", Assert.Single(await ResolveAsync(null, null, StateDocument.Empty)).ToString());
        Assert.Equal("arn:aws:iam::111122223333:role/named", Assert.Single(await ResolveAsync(null, "named", With(Recorded))).ToString());
        Assert.Equal(2, asked);
    }

    [Fact]
    public void AMangledRecordedArn_IsAnErrorNamingTheStateFile()
    {
        var error = Assert.Throws<CliException>(() => Resolve(recorded: Recorded with { Arn = "not-an-arn" }, destination: Destination));

        Assert.Contains("state.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRecordedRole_IsDestroyed_InTheOrderTheyWereMade()
    {
        var second = Recorded with { Arn = "arn:aws:iam::111122223333:role/second", Name = "second" };

        var roles = RoleTarget.ToDestroy(null, null, With(Recorded, second), Destination, "destination", "state.json");

        Assert.Equal([Recorded.Arn, second.Arn], roles.Select(r => r.ToString()));
    }

    [Fact]
    public void ToAssume_TakesTheOneRecordedRole_AndAsksWhenThereAreSeveral()
    {
        var second = Recorded with { Arn = "arn:aws:iam::111122223333:role/second", Name = "second" };

        Assert.Equal(Recorded.Arn, RoleTarget.ToAssume(null, With(Recorded), "state.json").ToString());
        var several = Assert.Throws<CliException>(() => RoleTarget.ToAssume(null, With(Recorded, second), "state.json"));
        Assert.Equal(ExitCodes.Usage, several.ExitCode);
        Assert.Contains("--role-arn", several.Message, StringComparison.Ordinal);
        var none = Assert.Throws<CliException>(() => RoleTarget.ToAssume(null, StateDocument.Empty, "state.json"));
        Assert.Contains("create-role", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMangledRecordedArn_IsTheSameErrorAndExitCode_ForLaunchAndTeardown()
    {
        var mangled = With(Recorded with { Arn = "not-an-arn" });

        var launch = Assert.Throws<CliException>(() => RoleTarget.ToAssume(null, mangled, "state.json"));
        var teardown = Assert.Throws<CliException>(() => RoleTarget.ToDestroy(null, null, mangled, Destination, "destination", "state.json"));

        Assert.Equal(launch.Message, teardown.Message);
        Assert.Equal((ExitCodes.Failure, ExitCodes.Failure), (launch.ExitCode, teardown.ExitCode));
    }
}
