using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The inline policy of <see cref="RoleScope.ManagedInstances"/>, generated for one role. Each statement follows
/// AWS's service authorization reference for EC2:
/// <list type="bullet">
/// <item>Describe*: these actions support no resource-level permissions, so Resource is "*".</item>
/// <item>ec2:RunInstances is authorized once per resource it touches. The instance (and only it) must be requested
/// with the tags ManagedBy=AssumeRoleCli and AssumeRoleCli:Role=this role (aws:RequestTag); the image, subnet,
/// network interface, security group, volume and key pair it uses or creates carry no request tags (the tool tags
/// only the instance), so they get their own statement without conditions: it cannot launch anything by itself,
/// because the instance resource is required for every RunInstances.</item>
/// <item>ec2:CreateTags only as part of RunInstances (ec2:CreateAction): tags cannot be added later, so an instance
/// launched by others cannot be made to look like ours.</item>
/// <item>Terminate/Stop/Start only on instances tagged for this role (ec2:ResourceTag).</item>
/// <item>With allowed instance types (create-role --allowed-instance-types), the instance's RunInstances also needs
/// ec2:InstanceType to be one of them: a cost guardrail that holds whoever assumes the role.</item>
/// </list>
/// aws:TagKeys is deliberately not limited: the tool also sets Name and AssumeRoleCli:ClientToken, and users add
/// their own --tag keys, unknown when the role is made; the guarantee rests on the two tag values every launch
/// must carry, which the role cannot change afterwards.
/// </summary>
public static class ManagedInstancesPolicy
{
    /// <summary>The inline policy's name on the role.</summary>
    public const string PolicyName = "AssumeRoleCli-ManagedInstances";

    /// <summary>The Describe calls launch-instance and teardown make.</summary>
    public static readonly IReadOnlyList<string> DescribeActions = ["ec2:DescribeImages", "ec2:DescribeInstanceTypes", "ec2:DescribeInstances"];

    /// <summary>What may be done to an instance launched through this role.</summary>
    public static readonly IReadOnlyList<string> InstanceLifecycleActions = ["ec2:StartInstances", "ec2:StopInstances", "ec2:TerminateInstances"];

    /// <summary>The condition key RunInstances gives the instance's type.</summary>
    public const string InstanceTypeKey = "ec2:InstanceType";

    /// <summary>The policy document for <paramref name="role"/>, as compact JSON.</summary>
    /// <param name="allowedInstanceTypes">The instance types it may launch (sorted, once each, in the document); null or empty: any.</param>
    public static string For(RoleArn role, IReadOnlyCollection<string>? allowedInstanceTypes = null)
    {
        var (partition, account) = (role.Partition, role.AccountId);
        string Arn(string resourceType, string accountPart = "") => $"arn:{partition}:ec2:*:{accountPart}:{resourceType}/*";
        var instances = Arn("instance", account);
        var ourTags = new (string Key, string Value)[] { (ManagedTags.ManagedByKey, ManagedTags.ManagedByValue), (ManagedTags.RoleKey, role.ToString()) };
        var launchConditions = ourTags.Select(t => (Key: $"aws:RequestTag/{t.Key}", Values: new[] { t.Value })).ToList();
        if (allowedInstanceTypes is { Count: > 0 } types)
        {
            launchConditions.Add((InstanceTypeKey, types.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray()));
        }

        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("Version", "2012-10-17");
            json.WriteStartArray("Statement");

            Statement(json, "DescribeImagesInstancesAndTypes", DescribeActions, ["*"]);
            Statement(json, "RunInstancesUsingTheseResources", ["ec2:RunInstances"],
            [
                $"arn:{partition}:ec2:*::image/*", Arn("subnet", account), Arn("network-interface", account),
                Arn("security-group", account), Arn("volume", account), Arn("key-pair", account),
            ]);
            Statement(json, "RunOnlyInstancesTaggedForThisRole", ["ec2:RunInstances"], [instances], ("StringEquals", launchConditions.ToArray()));
            Statement(json, "TagOnlyWhileLaunching", ["ec2:CreateTags"], [instances],
                ("StringEquals", [("ec2:CreateAction", ["RunInstances"])]));
            Statement(json, "ManageOnlyInstancesTaggedForThisRole", InstanceLifecycleActions, [instances],
                ("StringEquals", ourTags.Select(t => ($"ec2:ResourceTag/{t.Key}", new[] { t.Value })).ToArray()));

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Statement(
        Utf8JsonWriter json, string sid, IReadOnlyList<string> actions, IReadOnlyList<string> resources,
        (string Operator, (string Key, string[] Values)[] Values)? condition = null)
    {
        json.WriteStartObject();
        json.WriteString("Sid", sid);
        json.WriteString("Effect", "Allow");
        PolicyDocument.WriteOneOrMany(json, "Action", actions);
        PolicyDocument.WriteOneOrMany(json, "Resource", resources);
        if (condition is { } given)
        {
            var (op, values) = given;
            json.WriteStartObject("Condition");
            json.WriteStartObject(op);
            foreach (var (key, value) in values)
            {
                PolicyDocument.WriteOneOrMany(json, key, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
