using System.Diagnostics;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Organizations;
using AssumeRoleCli.Tests.Aws.Organizations.TestSupport;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// An organization on moto, made in a test's own world: the world's destination account becomes the management
/// account (its admin creates the organization) and gets <c>members</c> new member accounts through Organizations'
/// CreateAccount. Each member has the role Organizations makes, <see cref="MemberRoleName"/>, trusting the management
/// account and holding AdministratorAccess as on AWS (moto makes it bare; scripts/moto-speedup/sitecustomize.py
/// attaches the policy, which nobody could with moto's auth on). The source account of the world stays outside.
/// </summary>
public sealed record MotoOrganization
{
    /// <summary>The role Organizations makes in every account it creates.</summary>
    public const string MemberRoleName = "OrganizationAccountAccessRole";

    /// <summary>moto does each CreateAccount under its lock; a few at once only hide the round trips.</summary>
    private const int Concurrency = 4;

    public required TwoAccountWorld World { get; init; }

    public required string OrganizationId { get; init; }

    /// <summary>The world's destination account.</summary>
    public required string ManagementAccountId { get; init; }

    /// <summary>The member accounts made, ordered by id.</summary>
    public required IReadOnlyList<string> MemberAccountIds { get; init; }

    /// <summary>How long making the organization and its members took.</summary>
    public required TimeSpan SetUpTime { get; init; }

    /// <summary>Creates the organization in <paramref name="world"/>'s destination account, with <paramref name="members"/> member accounts.</summary>
    public static async Task<MotoOrganization> CreateAsync(TwoAccountWorld world, int members, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentOutOfRangeException.ThrowIfNegative(members);
        var stopwatch = Stopwatch.StartNew();
        using var organizations = AdminClient(world);
        var organization = (await organizations.CreateOrganizationAsync(new CreateOrganizationRequest(), ct)).Organization;
        var accountIds = new string[members];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, members),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var status = (await organizations.CreateAccountAsync(
                    new CreateAccountRequest { AccountName = $"member-{i + 1}", Email = $"member-{i + 1}@example.com" }, token)).Status;
                accountIds[i] = status is { State: "SUCCEEDED", AccountId: { } id } && AwsNames.IsValidAccountId(id)
                    ? id
                    : throw new InvalidOperationException($"moto's CreateAccount for member-{i + 1} answered {status}.");
            });

        return new MotoOrganization
        {
            World = world,
            OrganizationId = organization.Id ?? throw new InvalidOperationException("moto's CreateOrganization answered without an id."),
            ManagementAccountId = organization.MasterAccountId ?? world.DestinationAccountId,
            MemberAccountIds = [.. accountIds.Order(StringComparer.Ordinal)],
            SetUpTime = stopwatch.Elapsed,
        };
    }

    /// <summary>The member account's <see cref="MemberRoleName"/>.</summary>
    public static RoleArn MemberRole(string accountId) => RoleArn.For("aws", accountId, MemberRoleName);

    /// <summary>An Organizations client signed by the management account's admin (the world's destination admin).</summary>
    internal static OrganizationsClient AdminClient(TwoAccountWorld world) =>
        new(world.DestinationAdminCredentials(), world.ConfigureClient(new OrganizationsConfig { MaxErrorRetry = 1 }));
}
