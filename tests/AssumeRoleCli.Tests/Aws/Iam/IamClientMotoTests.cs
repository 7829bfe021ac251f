using System.Net;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Tests.Aws.Iam.TestSupport;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Aws.Iam;

/// <summary>
/// End-to-end through the SDK pipeline (signing, endpoint override, XML, errors) against the shared moto sandbox,
/// which checks signatures and IAM policies. Each test leases its own world and works in its fresh destination
/// account as that account's admin.
/// </summary>
public class IamClientMotoTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    private const string Ec2FullAccessArn = "arn:aws:iam::aws:policy/AmazonEC2FullAccess";

    // '+', a space and a literal "%2B" must all survive the encode (form) / decode (URI) round trip.
    private const string TrustPolicy = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"a+b c%2Bd"}}}]}
        """;

    private const string InlinePolicy = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}
        """;

    // As TrustPolicy: '+', a space and a literal "%2B" must survive the round trip.
    private const string InlinePolicyWithSpecialCharacters = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/a+b c%2Bd"}]}
        """;

    [Fact]
    public async Task RoleLifecycle_RoundTripsThroughMoto()
    {
        var world = sandbox.LeaseWorld();
        using var iam = CreateAdminClient(world);
        const string roleName = "lifecycle-role";
        const string profileName = "lifecycle-profile";

        var created = await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = roleName,
            AssumeRolePolicyDocument = TrustPolicy,
            Description = "created by IamClientMotoTests",
            Path = "/ci/",
            Tags = [new Tag("team", "platform"), new Tag("plus", "x+y")],
        });
        Assert.Equal(roleName, created.Role.RoleName);
        Assert.Equal($"arn:aws:iam::{world.DestinationAccountId}:role/ci/{roleName}", created.Role.Arn);
        Assert.False(string.IsNullOrEmpty(created.ResponseMetadata.RequestId));
        Assert.Equal(HttpStatusCode.OK, created.HttpStatusCode);

        var duplicate = await Assert.ThrowsAsync<IamServiceException>(() => iam.CreateRoleAsync(
            new CreateRoleRequest { RoleName = roleName, AssumeRolePolicyDocument = TrustPolicy }));
        Assert.Equal("EntityAlreadyExists", duplicate.ErrorCode);

        var role = (await iam.GetRoleAsync(new GetRoleRequest { RoleName = roleName })).Role;
        Assert.Equal(TrustPolicy, role.AssumeRolePolicyDocument);
        Assert.Equal("/ci/", role.Path);
        Assert.Equal("created by IamClientMotoTests", role.Description);
        Assert.False(string.IsNullOrEmpty(role.RoleId));
        Assert.NotNull(role.CreateDate);

        var tags = await iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = roleName });
        Assert.False(tags.IsTruncated);
        Assert.Equal(
            ["plus=x+y", "team=platform"],
            tags.Tags.Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));

        await iam.TagRoleAsync(new TagRoleRequest { RoleName = roleName, Tags = [new Tag("stage", "test")] });
        await iam.UpdateAssumeRolePolicyAsync(new UpdateAssumeRolePolicyRequest { RoleName = roleName, PolicyDocument = TrustPolicy });
        Assert.Equal(3, (await iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = roleName })).Tags.Count);

        var ec2 = (await iam.GetPolicyAsync(new GetPolicyRequest { PolicyArn = Ec2FullAccessArn })).Policy;
        Assert.Equal("AmazonEC2FullAccess", ec2.PolicyName);
        Assert.Equal(Ec2FullAccessArn, ec2.Arn);
        Assert.False(string.IsNullOrEmpty(ec2.DefaultVersionId));
        Assert.True(ec2.IsAttachable);

        await AssertListPoliciesPagesAsync(iam);

        await iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = roleName, PolicyArn = Ec2FullAccessArn });
        var attached = await iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = roleName });
        var attachedPolicy = Assert.Single(attached.AttachedPolicies);
        Assert.Equal(Ec2FullAccessArn, attachedPolicy.PolicyArn);
        Assert.Equal("AmazonEC2FullAccess", attachedPolicy.PolicyName);

        var conflict = await Assert.ThrowsAsync<IamServiceException>(
            () => iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = roleName }));
        Assert.Equal("DeleteConflict", conflict.ErrorCode);

        await iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = roleName, PolicyArn = Ec2FullAccessArn });
        Assert.Empty((await iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = roleName })).AttachedPolicies);

        await iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = roleName, PolicyName = "inline", PolicyDocument = InlinePolicy });
        Assert.Equal(["inline"], (await iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = roleName })).PolicyNames);
        await iam.DeleteRolePolicyAsync(new DeleteRolePolicyRequest { RoleName = roleName, PolicyName = "inline" });
        Assert.Empty((await iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = roleName })).PolicyNames);

        var profile = await iam.CreateInstanceProfileAsync(new CreateInstanceProfileRequest { InstanceProfileName = profileName });
        Assert.Equal(profileName, profile.InstanceProfile.InstanceProfileName);
        await iam.AddRoleToInstanceProfileAsync(new AddRoleToInstanceProfileRequest { InstanceProfileName = profileName, RoleName = roleName });
        var profiles = await iam.ListInstanceProfilesForRoleAsync(new ListInstanceProfilesForRoleRequest { RoleName = roleName });
        var listedProfile = Assert.Single(profiles.InstanceProfiles);
        Assert.Equal(profileName, listedProfile.InstanceProfileName);
        Assert.Equal(profile.InstanceProfile.InstanceProfileId, listedProfile.InstanceProfileId);
        Assert.Equal(profile.InstanceProfile.Arn, listedProfile.Arn);
        await iam.RemoveRoleFromInstanceProfileAsync(new RemoveRoleFromInstanceProfileRequest { InstanceProfileName = profileName, RoleName = roleName });
        Assert.Empty((await iam.ListInstanceProfilesForRoleAsync(new ListInstanceProfilesForRoleRequest { RoleName = roleName })).InstanceProfiles);

        await iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = roleName });

        var gone = await Assert.ThrowsAsync<IamServiceException>(
            () => iam.GetRoleAsync(new GetRoleRequest { RoleName = roleName }));
        Assert.Equal("NoSuchEntity", gone.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task UpdateRoleAndInlinePolicy_RoundTripThroughMoto()
    {
        using var iam = CreateAdminClient(sandbox.LeaseWorld());
        const string roleName = "settings-role";
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = roleName, AssumeRolePolicyDocument = TrustPolicy });
        Assert.Equal(3600, (await iam.GetRoleAsync(new GetRoleRequest { RoleName = roleName })).Role.MaxSessionDuration);

        await iam.UpdateRoleAsync(new UpdateRoleRequest { RoleName = roleName, MaxSessionDuration = 43200, Description = "twelve hours" });
        var updated = (await iam.GetRoleAsync(new GetRoleRequest { RoleName = roleName })).Role;
        Assert.Equal(43200, updated.MaxSessionDuration);
        Assert.Equal("twelve hours", updated.Description);

        // Put twice: the second document replaces the first and comes back byte for byte.
        await iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = roleName, PolicyName = "generated", PolicyDocument = InlinePolicy });
        await iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = roleName, PolicyName = "generated", PolicyDocument = InlinePolicyWithSpecialCharacters });
        var inline = await iam.GetRolePolicyAsync(new GetRolePolicyRequest { RoleName = roleName, PolicyName = "generated" });
        Assert.Equal(roleName, inline.RoleName);
        Assert.Equal("generated", inline.PolicyName);
        Assert.Equal(InlinePolicyWithSpecialCharacters, inline.PolicyDocument);

        var missing = await Assert.ThrowsAsync<IamServiceException>(
            () => iam.GetRolePolicyAsync(new GetRolePolicyRequest { RoleName = roleName, PolicyName = "absent" }));
        Assert.Equal("NoSuchEntity", missing.ErrorCode);

        await iam.DeleteRolePolicyAsync(new DeleteRolePolicyRequest { RoleName = roleName, PolicyName = "generated" });
        await iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = roleName });
    }

    [Fact]
    public async Task MalformedPolicyDocuments_FailWithIamErrorCode()
    {
        using var iam = CreateAdminClient(sandbox.LeaseWorld());
        const string roleName = "malformed-role";
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = roleName, AssumeRolePolicyDocument = TrustPolicy });

        // moto does not validate the trust policy on CreateRole, but does on these two.
        var inline = await Assert.ThrowsAsync<IamServiceException>(() => iam.PutRolePolicyAsync(
            new PutRolePolicyRequest { RoleName = roleName, PolicyName = "bad", PolicyDocument = "{not json" }));
        var trust = await Assert.ThrowsAsync<IamServiceException>(() => iam.UpdateAssumeRolePolicyAsync(
            new UpdateAssumeRolePolicyRequest { RoleName = roleName, PolicyDocument = "{not json" }));

        Assert.Equal("MalformedPolicyDocument", inline.ErrorCode);
        Assert.Equal("MalformedPolicyDocument", trust.ErrorCode);
        await iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = roleName });
    }

    private static IamClient CreateAdminClient(TwoAccountWorld world)
        => new(world.DestinationAdminCredentials(), world.ConfigureClient(new IamConfig { MaxErrorRetry = 1 }));

    private static async Task AssertListPoliciesPagesAsync(IamClient iam)
    {
        const int pageSize = 20;
        var arns = new List<string>();
        string? marker = null;
        for (var page = 0; page < 3; page++)
        {
            var response = await iam.ListPoliciesAsync(new ListPoliciesRequest
            {
                Scope = PolicyScopeType.AWS,
                MaxItems = pageSize,
                Marker = marker,
            });
            Assert.Equal(pageSize, response.Policies.Count);
            Assert.True(response.IsTruncated);
            Assert.False(string.IsNullOrEmpty(response.Marker));
            Assert.All(response.Policies, p => Assert.StartsWith("arn:aws:iam::aws:policy/", p.Arn, StringComparison.Ordinal));
            arns.AddRange(response.Policies.Select(p => p.Arn!));
            marker = response.Marker;
        }

        Assert.True(arns.Count > pageSize);
        Assert.Equal(arns.Count, arns.Distinct(StringComparer.Ordinal).Count());
    }
}
