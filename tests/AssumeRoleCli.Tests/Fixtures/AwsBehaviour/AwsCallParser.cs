using System.Text;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// Reads service, action, parameters and access key out of a SigV4-signed request: Query protocol (Action in the form),
/// or JSON protocol (the action is the operation named by X-Amz-Target; the JSON body is not read as parameters).
/// </summary>
public static class AwsCallParser
{
    private const string CredentialField = "Credential=";

    public static AwsCall Parse(RawHttpRequest raw, CallerDirectory callers)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(callers);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var query = raw.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            AddForm(raw.PathAndQuery[(query + 1)..], parameters);
        }

        if (IsForm(raw))
        {
            AddForm(Encoding.UTF8.GetString(raw.Body), parameters);
        }

        var (accessKeyId, service) = ReadCredentialScope(Header(raw, "Authorization"));
        return new AwsCall(
            service ?? "",
            parameters.GetValueOrDefault("Action") ?? JsonTargetOperation(raw) ?? "",
            parameters,
            accessKeyId,
            accessKeyId is null ? null : callers.Find(accessKeyId),
            raw);
    }

    public static string? Header(RawHttpRequest raw, string name)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return raw.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <summary><c>AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, ...</c> gives AKID and SERVICE.</summary>
    private static (string? AccessKeyId, string? Service) ReadCredentialScope(string? authorization)
    {
        var start = authorization?.IndexOf(CredentialField, StringComparison.Ordinal) ?? -1;
        if (authorization is null || start < 0)
        {
            return (null, null);
        }

        var credential = authorization[(start + CredentialField.Length)..].Split(',')[0].Trim();
        var scope = credential.Split('/');
        return scope.Length >= 5 ? (scope[0], scope[3]) : (scope[0], null);
    }

    /// <summary><c>X-Amz-Target: AWSOrganizationsV20161128.ListAccounts</c> gives ListAccounts.</summary>
    private static string? JsonTargetOperation(RawHttpRequest raw) =>
        Header(raw, "X-Amz-Target") is { } target && target.LastIndexOf('.') is var dot and >= 0 ? target[(dot + 1)..] : null;

    private static bool IsForm(RawHttpRequest raw) =>
        Header(raw, "Content-Type")?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    private static void AddForm(string form, Dictionary<string, string> parameters)
    {
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            parameters[name] = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
        }
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
