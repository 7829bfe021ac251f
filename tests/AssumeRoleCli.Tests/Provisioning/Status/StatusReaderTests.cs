using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>status's reading and drift rules, against the in-memory fakes: every call it makes is a read.</summary>
public class StatusReaderTests
{
    private const string SourceAccount = "444455556666";
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private static readonly CallerIdentity SourceUser = new(SourceAccount, $"arn:aws:iam::{SourceAccount}:user/alice", "AIDA");
    private static readonly ManagedPolicyRef Ec2Full = new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess");
    private static readonly ManagedPolicyRef ReadOnly = new("ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess");
    private static readonly Dictionary<string, string> OurTags = new() { ["ManagedBy"] = "AssumeRoleCli" };

    private readonly FakeClientFactory _clients = new();
    private readonly RecordingProgress _progress = new();

    public StatusReaderTests()
    {
        _clients.StsByProfile["source"] = new FakeSts(SourceUser);
    }

    private static StateDocument Recorded(params string[] instanceIds) => StateDocument.Empty with
    {
        Roles = [new RoleRecord(Role.ToString(), Role.RoleName, Role.AccountId, SourceAccount, [Ec2Full.Arn])],
        Launches = [new LaunchRecord("token", Role.ToString(), "us-east-1", instanceIds.Length, instanceIds, DateTimeOffset.UnixEpoch)],
    };

    private static AwsSession Session(string profile) =>
        new(profile, new BasicAWSCredentials("AKIA" + profile, "secret"), RegionEndpoint.USEast1, "credentials");

    private static AccountSessions Sessions(bool withDestination = true) => new(
        new SourceSide("source", Session("source"), SourceUser),
        new DestinationSide(
            "destination",
            withDestination ? Session("destination") : null,
            "credentials and config",
            withDestination ? new CallerIdentity(Role.AccountId, $"arn:aws:iam::{Role.AccountId}:user/admin", "AIDA") : null),
        "us-east-1");

    private void AddOurRole(string trustedAccount = SourceAccount, IReadOnlyDictionary<string, string>? tags = null, params ManagedPolicyRef[] attached) =>
        _clients.Iam.AddRole(
            new IamRole(Role.RoleName, Role.ToString(), TrustPolicy.ForAccount("aws", trustedAccount), tags ?? OurTags) { MaxSessionDurationSeconds = 3600 },
            attached.Length == 0 ? [Ec2Full] : attached);

    private Task<StatusReport> ReadAsync(StateDocument state, AccountSessions? sessions = null) =>
        new StatusReader(_clients, new RoleAccess(_clients, new AutoAdvancingTime(), TimeSpan.Zero, _progress), _progress)
            .ReadAsync(sessions ?? Sessions(), [Role], state, AssumeRoleSettings.Default, CancellationToken.None);

    [Fact]
    public async Task AsRecorded_ShowsTheRoleAndItsInstancesByAddress_WithNoDrift_AndWritesNothing()
    {
        AddOurRole();
        var launched = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
        _clients.Ec2.Add("i-second", "stopped", ManagedTags.ForInstance(Role.ToString()));
        _clients.Ec2.Add("i-first", tags: ManagedTags.ForInstance(Role.ToString()), launchTime: launched);

        var report = await ReadAsync(Recorded("i-first", "i-second"));

        var role = Assert.Single(report.Roles);
        Assert.Equal((true, true, true, 3600), (role.Exists, role.Assumable, role.Recorded, role.MaxSessionDuration));
        Assert.Null(role.NotAssumableBecause);
        Assert.Equal([$"arn:aws:iam::{SourceAccount}:root"], role.TrustPrincipals);
        Assert.Equal([Ec2Full.Arn], role.Policies);
        Assert.Equal(OurTags, role.Tags);
        Assert.Equal(["aws_instance.this[0]", "aws_instance.this[1]"], report.Instances.Select(i => i.Address));
        Assert.Equal(["i-first", "i-second"], report.Instances.Select(i => i.Id));
        Assert.Equal(("running", "us-east-1", "2024-05-01T10:00:00Z"), (report.Instances[0].State, report.Instances[0].Region, report.Instances[0].LaunchTime));
        Assert.Empty(report.Drift);
        Assert.Empty(_clients.Iam.Writes);
        Assert.Empty(_clients.Ec2.Writes);
    }

    [Fact]
    public async Task ChangesMadeBehindOurBack_AreDriftOfEachKind_NamedByAddress()
    {
        AddOurRole(trustedAccount: "999999999999", tags: new Dictionary<string, string> { ["Team"] = "x" }, ReadOnly);
        _clients.Ec2.Add("i-recorded", tags: ManagedTags.ForInstance(Role.ToString()));
        _clients.Ec2.Add("i-untagged-since");
        _clients.Ec2.Add("i-found-by-tag", tags: ManagedTags.ForInstance(Role.ToString()));

        var report = await ReadAsync(Recorded("i-recorded", "i-terminated", "i-untagged-since"));

        Assert.Equal(
        [
            ("changed", "aws_iam_role.assume_role"),
            ("changed", "aws_iam_role.assume_role"),
            ("changed", "aws_iam_role.assume_role"),
            ("missing", "aws_instance.this[1]"),
            ("extra", "aws_instance.this[3]"),
            ("changed", "aws_instance.this[2]"),
        ],
            report.Drift.Select(d => (d.Kind, d.Resource)));
        Assert.Contains("no longer names the source account 444455556666 (it trusts arn:aws:iam::999999999999:root)", report.Drift[0].Detail, StringComparison.Ordinal);
        Assert.Contains($"attached since: {ReadOnly.Arn}; detached since: {Ec2Full.Arn}", report.Drift[1].Detail, StringComparison.Ordinal);
        Assert.Contains("no longer carries the tag ManagedBy=AssumeRoleCli", report.Drift[2].Detail, StringComparison.Ordinal);
        Assert.StartsWith("i-terminated ", report.Drift[3].Detail, StringComparison.Ordinal);
        Assert.StartsWith("i-found-by-tag ", report.Drift[4].Detail, StringComparison.Ordinal);
        Assert.StartsWith("i-untagged-since ", report.Drift[5].Detail, StringComparison.Ordinal);
        Assert.Equal(["i-recorded", "i-found-by-tag"], report.Instances.Select(i => i.Id));
    }

    [Fact]
    public async Task WhenTheRoleWasLastUsed_ComesFromGetRole()
    {
        _clients.Iam.AddRole(
            new IamRole(Role.RoleName, Role.ToString(), TrustPolicy.ForAccount("aws", SourceAccount), OurTags)
            {
                LastUsedAt = new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.Zero),
                LastUsedRegion = "eu-west-1",
            },
            Ec2Full);

        var role = Assert.Single((await ReadAsync(Recorded())).Roles);

        Assert.Equal(("2026-12-05T09:30:00Z", "eu-west-1"), (role.LastUsed, role.LastUsedRegion));
    }

    [Fact]
    public async Task ARoleNeverUsed_HasNoLastUse()
    {
        AddOurRole();

        var role = Assert.Single((await ReadAsync(Recorded())).Roles);

        Assert.Equal((null, null), (role.LastUsed, role.LastUsedRegion));
    }

    /// <summary>
    /// IAM rewrites a trusted role's or user's ARN to its unique id (AROA..., AIDA...) when that role or user is deleted:
    /// the trust silently admits no one by that name any more. status says so, once, with what to do.
    /// </summary>
    [Theory]
    [InlineData("AROA3EXAMPLEEXAMPLE12")]
    [InlineData("AIDAJQABLZS4A3QDU576Q")]
    public async Task ATrustPrincipalRewrittenToABareUniqueId_IsDrift_SayingWhatItMeansAndWhatToDo(string uniqueId)
    {
        _clients.Iam.AddRole(new IamRole(Role.RoleName, Role.ToString(), TrustPolicy.For(new TrustSpec([uniqueId])), OurTags), Ec2Full);

        var report = await ReadAsync(Recorded());

        var drift = Assert.Single(report.Drift);
        Assert.Equal(("changed", "aws_iam_role.assume_role"), (drift.Kind, drift.Resource));
        Assert.Equal(
            $"its trust policy names {uniqueId} instead of a role or user ARN: IAM put that unique id there when the trusted role or user was deleted, " +
            "so the trust no longer admits it (not even one re-created under the same name); 'assumerole create-role' (with the same --trusted-principal) writes the ARN again",
            drift.Detail);
        Assert.Equal([uniqueId], Assert.Single(report.Roles).TrustPrincipals);
    }

    [Fact]
    public async Task ABareUniqueIdBesideAPrincipalOfTheSourceAccount_IsStillDrift_AndOnlyThat()
    {
        var trust = TrustPolicy.For(new TrustSpec([$"arn:aws:iam::{SourceAccount}:user/ci", "AROA3EXAMPLEEXAMPLE12"]));
        _clients.Iam.AddRole(new IamRole(Role.RoleName, Role.ToString(), trust, OurTags), Ec2Full);

        var drift = Assert.Single((await ReadAsync(Recorded())).Drift);

        Assert.StartsWith("its trust policy names AROA3EXAMPLEEXAMPLE12 instead of a role or user ARN", drift.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecordedRoleGoneFromIam_IsMissing_NotAssumable_AndItsInstancesAreStillFound()
    {
        _clients.Ec2.Add("i-1", tags: ManagedTags.ForInstance(Role.ToString()));

        var report = await ReadAsync(Recorded("i-1"));

        var role = Assert.Single(report.Roles);
        Assert.Equal((false, false), (role.Exists, role.Assumable));
        Assert.Contains("no longer exists", role.NotAssumableBecause, StringComparison.Ordinal);
        Assert.Equal(("missing", "aws_iam_role.assume_role"), (Assert.Single(report.Drift).Kind, report.Drift[0].Resource));
        Assert.DoesNotContain(_progress.Notes, n => n.Contains("no longer exists", StringComparison.Ordinal)); // the report says it, once
        Assert.Equal("i-1", Assert.Single(report.Instances).Id);
        Assert.Empty(_clients.StsByProfile["source"].Calls);
    }

    [Fact]
    public async Task AnUnrecordedRoleOfOurs_IsExtra()
    {
        AddOurRole();

        var report = await ReadAsync(StateDocument.Empty);

        Assert.False(Assert.Single(report.Roles).Recorded);
        Assert.Equal(("extra", "aws_iam_role.assume_role"), (Assert.Single(report.Drift).Kind, report.Drift[0].Resource));
    }

    [Fact]
    public async Task ARoleTheSourceCannotAssume_SaysWhy_AndTheDestinationProfileStillListsItsInstances()
    {
        AddOurRole();
        _clients.StsByProfile["source"].AssumeError = new AmazonSecurityTokenServiceException("not trusted") { ErrorCode = "AccessDenied" };
        _clients.Ec2.Add("i-1", tags: ManagedTags.ForInstance(Role.ToString()));

        var report = await ReadAsync(Recorded("i-1"));

        var role = Assert.Single(report.Roles);
        Assert.Equal((true, false), (role.Exists, role.Assumable));
        Assert.Contains("AccessDenied", role.NotAssumableBecause, StringComparison.Ordinal);
        Assert.Equal("i-1", Assert.Single(report.Instances).Id);
    }

    [Fact]
    public async Task WithoutADestinationProfile_IamIsNotAsked_SoNothingIsSaidOfTheRolesDrift()
    {
        _clients.Ec2.Add("i-1", tags: ManagedTags.ForInstance(Role.ToString()));

        var report = await ReadAsync(Recorded("i-1"), Sessions(withDestination: false));

        var role = Assert.Single(report.Roles);
        Assert.Null(role.Exists);
        Assert.Equal("profile 'destination' was not found in credentials and config, so IAM was not asked", role.ExistsUnknownBecause);
        Assert.True(role.Assumable);
        Assert.Empty(report.Drift);
        Assert.Equal("i-1", Assert.Single(report.Instances).Id);
    }

    [Fact]
    public async Task AMaxSessionDurationOtherThanRecorded_IsDrift_ThatCreateRoleWouldRestore()
    {
        _clients.Iam.AddRole(
            new IamRole(Role.RoleName, Role.ToString(), TrustPolicy.ForAccount("aws", SourceAccount), OurTags) { MaxSessionDurationSeconds = 7200 }, [Ec2Full]);

        var report = await ReadAsync(Recorded());

        var drift = Assert.Single(report.Drift);
        Assert.Equal(("changed", "aws_iam_role.assume_role"), (drift.Kind, drift.Resource));
        Assert.Equal("its max session duration is 7200s, recorded 3600s; 'assumerole create-role --max-session-duration 3600' restores it", drift.Detail);
    }

    [Fact]
    public async Task TwoRolesOfOneAccount_AddressTheirInstancesAndDriftApart()
    {
        AddOurRole();
        var other = RoleArn.For("aws", Role.AccountId, "other_role");
        _clients.Iam.AddRole(new IamRole(other.RoleName, other.ToString(), TrustPolicy.ForAccount("aws", SourceAccount), OurTags), Ec2Full);
        _clients.Ec2.Add("i-1", tags: ManagedTags.ForInstance(Role.ToString()));
        _clients.Ec2.Add("i-2", tags: ManagedTags.ForInstance(other.ToString()));

        var report = await new StatusReader(_clients, new RoleAccess(_clients, new AutoAdvancingTime(), TimeSpan.Zero, _progress), _progress)
            .ReadAsync(Sessions(), [Role, other], Recorded("i-1"), AssumeRoleSettings.Default, CancellationToken.None);

        Assert.Equal(
            ["account[\"111122223333\"].role[\"assume_role\"].aws_instance.this[0]", "account[\"111122223333\"].role[\"other_role\"].aws_instance.this[0]"],
            report.Instances.Select(i => i.Address));
        Assert.Contains(report.Drift, d => d.Resource == "account[\"111122223333\"].role[\"other_role\"].aws_iam_role.other_role");
    }
}
