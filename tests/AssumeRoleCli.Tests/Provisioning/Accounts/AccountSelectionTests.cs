using AssumeRoleCli.Cli;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.Provisioning.Accounts;

public class AccountSelectionTests
{
    [Theory]
    [InlineData("all")]
    [InlineData("ALL")]
    public void Parse_All_IsEveryMember(string text)
    {
        var (selection, _) = AccountSelection.Parse(text);

        Assert.True(selection!.All);
        Assert.Empty(selection.Ids);
    }

    [Fact]
    public void Parse_AList_KeepsLeadingZerosAndOrder_AndEachAccountOnce()
    {
        var (selection, _) = AccountSelection.Parse("012345678901, 210987654321,012345678901");

        Assert.False(selection!.All);
        Assert.Equal(["012345678901", "210987654321"], selection.Ids);
    }

    [Theory]
    [InlineData("12345678901", "'12345678901', which is not an AWS account id")]
    [InlineData("123456789012,abc", "'abc', which is not an AWS account id")]
    [InlineData(",", "names no account")]
    public void Parse_NotAnAccountList_SaysWhy(string text, string problem)
    {
        var (selection, why) = AccountSelection.Parse(text);

        Assert.Null(selection);
        Assert.Contains(problem, why, StringComparison.Ordinal);
    }

    [Fact]
    public void ById_IsEachAccountOnce_InOrdinalOrder_LeadingZerosKept()
    {
        Assert.Equal(["012345678901", "210987654321", "513000000000"], AccountSelection.ById(["513000000000", "012345678901", "210987654321", "012345678901"]));
    }

    [Fact]
    public void FanOutOptionGroup_BindsTheDefaults_AndRefusesABadParallel()
    {
        var group = new FanOutOptionGroup();
        var command = new System.CommandLine.Command("x");
        group.AddTo(command);

        var settings = group.Bind(command.Parse(["--destination-accounts", "all"]));
        var refused = command.Parse(["--parallel", "0"]);

        Assert.Equal(new FanOutSettings(AccountSelection.Everyone, "OrganizationAccountAccessRole", 20, false), settings);
        Assert.Contains(refused.Errors, e => e.Message == "--parallel '0' is outside 1-100.");
        Assert.False(group.Bind(command.Parse([])).IsFanOut);
    }
}

public class RecordedFanOutTests
{
    private static readonly RoleArn InA = RoleArn.For("aws", "012345678901", "assume_role");
    private static readonly RoleArn InB = RoleArn.For("aws", "210987654321", "assume_role");

    private static StateDocument State(string? throughA, string? throughB) => StateDocument.Empty
        .WithRole(new RoleRecord(InA.ToString(), "assume_role", InA.AccountId, "444455556666", []) { DestinationRole = throughA })
        .WithRole(new RoleRecord(InB.ToString(), "assume_role", InB.AccountId, "444455556666", []) { DestinationRole = throughB });

    [Fact]
    public void RecordedFor_RolesAllMadeThroughOneDestinationRole_AreReachedTheSameWayAgain()
    {
        var settings = FanOutSettings.RecordedFor(State("OrganizationAccountAccessRole", "OrganizationAccountAccessRole"), [InA, InB]);

        Assert.NotNull(settings);
        Assert.Equal(["012345678901", "210987654321"], settings.Accounts!.Ids);
        Assert.Equal("OrganizationAccountAccessRole", settings.DestinationRole);
    }

    [Fact]
    public void RecordedFor_ListsTheAccountsById_NotInTheOrderTheStateRecordedThem()
    {
        var recordedBFirst = StateDocument.Empty
            .WithRole(new RoleRecord(InB.ToString(), "assume_role", InB.AccountId, "444455556666", []) { DestinationRole = "OrganizationAccountAccessRole" })
            .WithRole(new RoleRecord(InA.ToString(), "assume_role", InA.AccountId, "444455556666", []) { DestinationRole = "OrganizationAccountAccessRole" });

        var settings = FanOutSettings.RecordedFor(recordedBFirst, [.. recordedBFirst.RecordedRoles().Select(r => r.Arn)]);

        Assert.Equal(["012345678901", "210987654321"], settings!.Accounts!.Ids);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("OrganizationAccountAccessRole", null)]
    [InlineData("OrganizationAccountAccessRole", "AWSControlTowerExecution")]
    public void RecordedFor_RolesMadeByTheProfileItself_OrThroughDifferentRoles_AreNotGuessed(string? throughA, string? throughB) =>
        Assert.Null(FanOutSettings.RecordedFor(State(throughA, throughB), [InA, InB]));
}
