using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Tests.Cli;

public sealed class MfaCodesTests
{
    private const string Serial = "arn:aws:iam::111111111111:mfa/alice";

    [Fact]
    public async Task TheGivenCode_IsUsedOnce_ThenWithoutATerminalThereIsNone()
    {
        var stderr = new StringWriter();
        var device = new MfaCodes("123456", new Terminal(new StringWriter(), stderr, new StringReader("654321\n"), inputIsInteractive: false)).DeviceFor(Serial, "--mfa-serial");

        Assert.Equal(Serial, device.SerialNumber);
        Assert.Equal("123456", await device.NextCode(CancellationToken.None));
        Assert.Null(await device.NextCode(CancellationToken.None));
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public async Task AtATerminal_AfterTheGivenCode_AsksOnStderr()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var device = new MfaCodes("123456", new Terminal(stdout, stderr, new StringReader("654321\n"), inputIsInteractive: true)).DeviceFor(Serial, "--mfa-serial");

        Assert.Equal("123456", await device.NextCode(CancellationToken.None));
        Assert.Equal("654321", await device.NextCode(CancellationToken.None));
        Assert.Equal($"Enter MFA code for {Serial}: ", stderr.ToString());
        Assert.Equal("", stdout.ToString());
        Assert.Null(await device.NextCode(CancellationToken.None));
    }

    [Fact]
    public async Task TheDevice_WithNeitherACodeNorATerminal_IsAUsageErrorWhenAsked()
    {
        var device = new MfaCodes(null, new Terminal(new StringWriter(), new StringWriter(), new StringReader(""), inputIsInteractive: false)).DeviceFor(Serial, "--mfa-serial");

        var error = await Assert.ThrowsAsync<CliException>(() => device.NextCode(CancellationToken.None));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [Fact]
    public void Require_WithNeitherACodeNorATerminal_IsAUsageError()
    {
        var codes = new MfaCodes(null, new Terminal(new StringWriter(), new StringWriter(), new StringReader(""), inputIsInteractive: false));

        var error = Assert.Throws<CliException>(() => codes.Require(Serial, "--mfa-serial"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("--mfa-code", error.Message, StringComparison.Ordinal);
        Assert.Contains(Serial, error.Message, StringComparison.Ordinal);
    }
}
