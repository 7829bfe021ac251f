namespace AssumeRoleCli.Aws;

/// <summary>An MFA device and where its one-time codes come from. A code is good for one AssumeRole only.</summary>
/// <param name="NextCode">The next code; null when no fresh code can be had (the caller then must not retry).</param>
public sealed record MfaDevice(string SerialNumber, Func<CancellationToken, Task<string?>> NextCode);
