using System.Globalization;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Calls;

namespace AssumeRoleCli.Cli;

/// <summary>
/// --verbose: one stderr line per AWS call attempt. The key is masked to its first and last four characters;
/// secrets and session tokens are never part of an <see cref="AwsCallRecord"/> at all.
/// </summary>
internal sealed class AwsCallTrace
{
    private readonly TextWriter _error;
    private readonly Lock _lock = new();

    public AwsCallTrace(TextWriter error)
    {
        _error = error;
    }

    public void Write(AwsCallRecord call)
    {
        var line = Format(call);

        // Calls run in parallel (both identities are read at once): one line at a time.
        lock (_lock)
        {
            _error.WriteLine(line);
        }
    }

    public static string Format(AwsCallRecord call)
    {
        var status = call.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "none";
        var outcome = (call.ErrorCode, call.Failure) switch
        {
            ({ } code, _) => $" error={code}",
            (_, { } failure) => $" error=\"{AwsErrorCodes.OneLine(failure)}\"",
            _ => "",
        };
        return $"[debug] aws {call.Action} status={status} ms={(long)call.Elapsed.TotalMilliseconds} " +
            $"request_id={call.RequestId ?? "none"} attempt={call.Attempt} identity=\"{call.Identity}\" key={call.MaskedAccessKeyId ?? "none"}{outcome}";
    }
}
