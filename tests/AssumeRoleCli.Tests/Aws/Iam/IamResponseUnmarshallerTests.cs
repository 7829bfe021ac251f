using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Aws.Iam.Transform;
using AssumeRoleCli.Tests.Aws.Iam.TestSupport;
using static AssumeRoleCli.Tests.Aws.Iam.IamXmlResponses;

namespace AssumeRoleCli.Tests.Aws.Iam;

public class IamResponseUnmarshallerTests
{
    [Fact]
    public void GetRole_ReadsRoleDecodesPolicyDocumentAndRequestId()
    {
        // Trust policy as IAM sends it: URL-encoded, where %2B is a '+' and a literal '+' stays '+'.
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <GetRoleResponse xmlns="{Ns}">
              <GetRoleResult>
                <Role>
                  <Path>/ci/</Path>
                  <RoleName>deployer</RoleName>
                  <RoleId>AROAEXAMPLE</RoleId>
                  <Arn>arn:aws:iam::123456789012:role/ci/deployer</Arn>
                  <CreateDate>2024-03-01T12:34:56Z</CreateDate>
                  <Description>Deploys &amp; rolls back</Description>
                  <MaxSessionDuration>3600</MaxSessionDuration>
                  <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Sid%22%3A%22a%2Bb+c%20d%22%7D</AssumeRolePolicyDocument>
                  <Tags>
                    <member><Key>team</Key><Value>platform</Value></member>
                    <member><Key>empty</Key><Value></Value></member>
                  </Tags>
                  <RoleLastUsed/>
                </Role>
              </GetRoleResult>
              <ResponseMetadata><RequestId>req-123</RequestId></ResponseMetadata>
            </GetRoleResponse>
            """;

        var response = Unmarshall<GetRoleResponse>(xml, "GetRole", IamResultReaders.GetRole);

        var role = response.Role;
        Assert.Equal("deployer", role.RoleName);
        Assert.Equal("AROAEXAMPLE", role.RoleId);
        Assert.Equal("arn:aws:iam::123456789012:role/ci/deployer", role.Arn);
        Assert.Equal("/ci/", role.Path);
        Assert.Equal("Deploys & rolls back", role.Description);
        Assert.Equal(3600, role.MaxSessionDuration);
        Assert.Equal(new DateTime(2024, 3, 1, 12, 34, 56, DateTimeKind.Utc), role.CreateDate);
        Assert.Equal(DateTimeKind.Utc, role.CreateDate!.Value.Kind);
        Assert.Equal("""{"Version":"2012-10-17","Sid":"a+b+c d"}""", role.AssumeRolePolicyDocument);
        Assert.Collection(
            role.Tags,
            t => { Assert.Equal("team", t.Key); Assert.Equal("platform", t.Value); },
            t => { Assert.Equal("empty", t.Key); Assert.Equal(string.Empty, t.Value); });
        Assert.Equal("req-123", response.ResponseMetadata.RequestId);
    }

    /// <summary>botocore's iam model: Role.RoleLastUsed {LastUsedDate: timestamp, Region: string}, both absent when unused.</summary>
    [Fact]
    public void GetRole_ReadsRoleLastUsed_WhenAndWhere()
    {
        var xml = $"""
            <GetRoleResponse xmlns="{Ns}"><GetRoleResult><Role><RoleName>r</RoleName>
              <RoleLastUsed><LastUsedDate>2026-12-05T09:30:00Z</LastUsedDate><Region>eu-west-1</Region></RoleLastUsed>
            </Role></GetRoleResult></GetRoleResponse>
            """;
        var unused = $"""<GetRoleResponse xmlns="{Ns}"><GetRoleResult><Role><RoleName>r</RoleName><RoleLastUsed/></Role></GetRoleResult></GetRoleResponse>""";

        var lastUsed = Unmarshall<GetRoleResponse>(xml, "GetRole", IamResultReaders.GetRole).Role.RoleLastUsed;
        var never = Unmarshall<GetRoleResponse>(unused, "GetRole", IamResultReaders.GetRole).Role.RoleLastUsed;

        Assert.Equal(new DateTime(2026, 12, 5, 9, 30, 0, DateTimeKind.Utc), lastUsed!.LastUsedDate);
        Assert.Equal(DateTimeKind.Utc, lastUsed.LastUsedDate!.Value.Kind);
        Assert.Equal("eu-west-1", lastUsed.Region);
        Assert.Equal((null, null), (never!.LastUsedDate, never.Region));
    }

    [Fact]
    public void GetRole_WithoutTagsOrDescription_HasEmptyListAndNulls()
    {
        var xml = $"""<GetRoleResponse xmlns="{Ns}"><GetRoleResult><Role><RoleName>r</RoleName></Role></GetRoleResult></GetRoleResponse>""";

        var role = Unmarshall<GetRoleResponse>(xml, "GetRole", IamResultReaders.GetRole).Role;

        Assert.Equal("r", role.RoleName);
        Assert.Empty(role.Tags);
        Assert.Null(role.Description);
        Assert.Null(role.CreateDate);
        Assert.Null(role.MaxSessionDuration);
    }

    [Fact]
    public void ListPolicies_ReadsPoliciesAndPaging()
    {
        var xml = $"""
            <ListPoliciesResponse xmlns="{Ns}">
              <ListPoliciesResult>
                <IsTruncated>true</IsTruncated>
                <Marker>AAEAAZ/marker+==</Marker>
                <Policies>
                  <member>
                    <PolicyName>AmazonEC2FullAccess</PolicyName>
                    <DefaultVersionId>v5</DefaultVersionId>
                    <PolicyId>ANPAI3VAJF5ZCRZ7MCQE6</PolicyId>
                    <Path>/</Path>
                    <Arn>arn:aws:iam::aws:policy/AmazonEC2FullAccess</Arn>
                    <AttachmentCount>2</AttachmentCount>
                    <IsAttachable>true</IsAttachable>
                    <CreateDate>2015-02-06T18:40:15Z</CreateDate>
                    <UpdateDate>2018-11-27T02:16:56.123Z</UpdateDate>
                  </member>
                  <member><PolicyName>Other</PolicyName><IsAttachable>false</IsAttachable></member>
                </Policies>
              </ListPoliciesResult>
              <ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata>
            </ListPoliciesResponse>
            """;

        var response = Unmarshall<ListPoliciesResponse>(xml, "ListPolicies", IamResultReaders.ListPolicies);

        Assert.True(response.IsTruncated);
        Assert.Equal("AAEAAZ/marker+==", response.Marker);
        Assert.Equal(2, response.Policies.Count);
        var ec2 = response.Policies[0];
        Assert.Equal("AmazonEC2FullAccess", ec2.PolicyName);
        Assert.Equal("arn:aws:iam::aws:policy/AmazonEC2FullAccess", ec2.Arn);
        Assert.Equal("ANPAI3VAJF5ZCRZ7MCQE6", ec2.PolicyId);
        Assert.Equal("v5", ec2.DefaultVersionId);
        Assert.Equal(2, ec2.AttachmentCount);
        Assert.True(ec2.IsAttachable);
        Assert.Equal(new DateTime(2018, 11, 27, 2, 16, 56, 123, DateTimeKind.Utc), ec2.UpdateDate);
        Assert.False(response.Policies[1].IsAttachable);
        Assert.Null(response.Policies[1].AttachmentCount);
    }

    [Fact]
    public void ListRolePolicies_EmptyElement_GivesEmptyListNotTruncated()
    {
        var xml = $"""<ListRolePoliciesResponse xmlns="{Ns}"><ListRolePoliciesResult><PolicyNames/><IsTruncated>false</IsTruncated></ListRolePoliciesResult></ListRolePoliciesResponse>""";

        var response = Unmarshall<ListRolePoliciesResponse>(xml, "ListRolePolicies", IamResultReaders.ListRolePolicies);

        Assert.Empty(response.PolicyNames);
        Assert.False(response.IsTruncated);
        Assert.Null(response.Marker);
    }

    [Fact]
    public void ListRolePolicies_ReadsStringMembers()
    {
        var xml = $"""
            <ListRolePoliciesResponse xmlns="{Ns}"><ListRolePoliciesResult>
              <PolicyNames><member>inline-a</member><member>inline-b</member></PolicyNames>
              <IsTruncated>true</IsTruncated><Marker>m1</Marker>
            </ListRolePoliciesResult></ListRolePoliciesResponse>
            """;

        var response = Unmarshall<ListRolePoliciesResponse>(xml, "ListRolePolicies", IamResultReaders.ListRolePolicies);

        Assert.Equal(["inline-a", "inline-b"], response.PolicyNames);
        Assert.True(response.IsTruncated);
        Assert.Equal("m1", response.Marker);
    }

    [Fact]
    public void ListAttachedRolePolicies_ReadsNameAndArn()
    {
        var xml = $"""
            <ListAttachedRolePoliciesResponse xmlns="{Ns}"><ListAttachedRolePoliciesResult>
              <AttachedPolicies><member><PolicyName>ReadOnlyAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member></AttachedPolicies>
              <IsTruncated>false</IsTruncated>
            </ListAttachedRolePoliciesResult></ListAttachedRolePoliciesResponse>
            """;

        var response = Unmarshall<ListAttachedRolePoliciesResponse>(xml, "ListAttachedRolePolicies", IamResultReaders.ListAttachedRolePolicies);

        var policy = Assert.Single(response.AttachedPolicies);
        Assert.Equal("ReadOnlyAccess", policy.PolicyName);
        Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", policy.PolicyArn);
    }

    [Fact]
    public void ListInstanceProfilesForRole_ReadsProfilesWithNestedRoles()
    {
        var xml = $"""
            <ListInstanceProfilesForRoleResponse xmlns="{Ns}"><ListInstanceProfilesForRoleResult>
              <IsTruncated>false</IsTruncated>
              <InstanceProfiles><member>
                <InstanceProfileId>AIPAEXAMPLE</InstanceProfileId>
                <Roles><member><RoleName>r1</RoleName><AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument></member></Roles>
                <InstanceProfileName>ip1</InstanceProfileName>
                <Path>/</Path>
                <Arn>arn:aws:iam::123456789012:instance-profile/ip1</Arn>
                <CreateDate>2024-01-02T03:04:05Z</CreateDate>
              </member></InstanceProfiles>
            </ListInstanceProfilesForRoleResult></ListInstanceProfilesForRoleResponse>
            """;

        var response = Unmarshall<ListInstanceProfilesForRoleResponse>(xml, "ListInstanceProfilesForRole", IamResultReaders.ListInstanceProfilesForRole);

        var profile = Assert.Single(response.InstanceProfiles);
        Assert.Equal("ip1", profile.InstanceProfileName);
        Assert.Equal("AIPAEXAMPLE", profile.InstanceProfileId);
        Assert.Equal("arn:aws:iam::123456789012:instance-profile/ip1", profile.Arn);
        var role = Assert.Single(profile.Roles);
        Assert.Equal("r1", role.RoleName);
        Assert.Equal("{}", role.AssumeRolePolicyDocument);
    }

    [Fact]
    public void CreateAccessKey_ReadsSecret()
    {
        var xml = $"""
            <CreateAccessKeyResponse xmlns="{Ns}"><CreateAccessKeyResult><AccessKey>
              <UserName>u</UserName><AccessKeyId>AKIAEXAMPLE</AccessKeyId><Status>Active</Status>
              <SecretAccessKey>abc/def+ghi</SecretAccessKey>
            </AccessKey></CreateAccessKeyResult></CreateAccessKeyResponse>
            """;

        var key = Unmarshall<CreateAccessKeyResponse>(xml, "CreateAccessKey", TestOperationReaders.CreateAccessKey).AccessKey;

        Assert.Equal("AKIAEXAMPLE", key.AccessKeyId);
        Assert.Equal("abc/def+ghi", key.SecretAccessKey);
        Assert.Equal("Active", key.Status);
    }

    [Fact]
    public void MutationWithoutResultElement_ReadsRequestIdOnly()
    {
        var xml = $"""<DeleteRoleResponse xmlns="{Ns}"><ResponseMetadata><RequestId>del-1</RequestId></ResponseMetadata></DeleteRoleResponse>""";

        var response = Unmarshall<DeleteRoleResponse>(xml, "DeleteRole", IamResultReaders.Empty<DeleteRoleResponse>);

        Assert.Equal("del-1", response.ResponseMetadata.RequestId);
    }

    [Theory]
    [InlineData("NoSuchEntity", "Sender", ErrorType.Sender, HttpStatusCode.NotFound)]
    [InlineData("EntityAlreadyExists", "Sender", ErrorType.Sender, HttpStatusCode.Conflict)]
    [InlineData("DeleteConflict", "Sender", ErrorType.Sender, HttpStatusCode.Conflict)]
    [InlineData("MalformedPolicyDocument", "Sender", ErrorType.Sender, HttpStatusCode.BadRequest)]
    [InlineData("ServiceFailure", "Receiver", ErrorType.Receiver, HttpStatusCode.InternalServerError)]
    public void UnmarshallException_ReturnsIamServiceExceptionWithErrorCode(
        string code, string type, ErrorType expectedType, HttpStatusCode status)
    {
        var xml = $"""
            <ErrorResponse xmlns="{Ns}">
              <Error><Type>{type}</Type><Code>{code}</Code><Message>Role nope cannot be found.</Message></Error>
              <RequestId>err-req-1</RequestId>
            </ErrorResponse>
            """;
        var unmarshaller = new IamResponseUnmarshaller<GetRoleResponse>("GetRole", IamResultReaders.GetRole);
        using var context = Context(xml, isException: true);

        var exception = unmarshaller.UnmarshallException(context, null!, status);

        var iam = Assert.IsType<IamServiceException>(exception);
        Assert.Equal(code, iam.ErrorCode);
        Assert.Equal(expectedType, iam.ErrorType);
        Assert.Equal("Role nope cannot be found.", iam.Message);
        Assert.Equal("err-req-1", iam.RequestId);
        Assert.Equal(status, iam.StatusCode);
    }

    [Fact]
    public void XmlTree_KeepsLocalNamesAndLeafTextIgnoringNamespacesAndAttributes()
    {
        var xml = """<a:Root xmlns:a="urn:x" attr="1"><a:Child>one</a:Child><Other x="y"> two </Other><Parent> <Leaf/> </Parent></a:Root>""";
        using var context = Context(xml);

        var root = XmlTree.Read(context)!;

        Assert.Equal("Root", root.Name.LocalName);
        Assert.Equal(string.Empty, root.Name.NamespaceName);
        Assert.Equal("one", root.Element("Child")!.Value);
        Assert.Equal(" two ", root.Element("Other")!.Value);
        Assert.False(root.Element("Other")!.HasAttributes);
        Assert.Equal(string.Empty, root.Element("Parent")!.Element("Leaf")!.Value);
    }

    [Fact]
    public void Unmarshall_EmptyBodyWithContentLengthZero_GivesEmptyResponseWithHeaderRequestId()
    {
        var unmarshaller = new IamResponseUnmarshaller<DeleteRoleResponse>("DeleteRole", IamResultReaders.Empty<DeleteRoleResponse>);
        var responseData = new FakeResponseData(new() { ["Content-Length"] = "0", ["x-amzn-RequestId"] = "hdr-1" });
        using var context = new XmlUnmarshallerContext(new MemoryStream(), false, responseData);

        var response = unmarshaller.Unmarshall((UnmarshallerContext)context);

        Assert.IsType<DeleteRoleResponse>(response);
        Assert.Equal("hdr-1", response.ResponseMetadata.RequestId);
    }

    [Fact]
    public void Unmarshall_ThroughBaseEntryPoint_PrefersRequestIdHeader()
    {
        var xml = $"""<GetRoleResponse xmlns="{Ns}"><GetRoleResult><Role><RoleName>r</RoleName></Role></GetRoleResult><ResponseMetadata><RequestId>body-id</RequestId></ResponseMetadata></GetRoleResponse>""";
        var unmarshaller = new IamResponseUnmarshaller<GetRoleResponse>("GetRole", IamResultReaders.GetRole);
        var responseData = new FakeResponseData(new() { ["x-amzn-RequestId"] = "header-id" });
        using var context = new XmlUnmarshallerContext(new MemoryStream(Encoding.UTF8.GetBytes(xml)), false, responseData);

        var response = Assert.IsType<GetRoleResponse>(unmarshaller.Unmarshall((UnmarshallerContext)context));

        Assert.Equal("r", response.Role.RoleName);
        Assert.Equal("header-id", response.ResponseMetadata.RequestId);
    }

    private sealed class FakeResponseData(Dictionary<string, string> headers) : IWebResponseData
    {
        private readonly Dictionary<string, string> _headers = new(headers, StringComparer.OrdinalIgnoreCase);

        public long ContentLength => _headers.TryGetValue("Content-Length", out var v) ? long.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : -1;

        public string ContentType => "text/xml";

        public HttpStatusCode StatusCode => HttpStatusCode.OK;

        public bool IsSuccessStatusCode => true;

        public IHttpResponseBody ResponseBody => throw new NotSupportedException();

        public string[] GetHeaderNames() => [.. _headers.Keys];

        public bool IsHeaderPresent(string headerName) => _headers.ContainsKey(headerName);

        public string GetHeaderValue(string headerName) => _headers.GetValueOrDefault(headerName) ?? string.Empty;

        public Amazon.Runtime.EventStreams.IEventStreamHeader GetEventStreamHeader(string headerName) => throw new NotSupportedException();

        public bool IsEventHeaderPresent(string headerName) => false;
    }
}
