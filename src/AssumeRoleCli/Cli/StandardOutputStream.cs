using AssumeRoleCli.State;

namespace AssumeRoleCli.Cli;

/// <summary>
/// Standard output as a stream whose write failures are the user's environment, not a bug: stdout closed
/// (<c>&gt;&amp;-</c>), a full disk or <c>/dev/full</c>, a reader gone. They end the run with one plain line and a
/// non-zero exit, like any other expected failure.
/// </summary>
internal sealed class StandardOutputStream(Stream inner) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(error);
        }
    }

    public override void Flush()
    {
        try
        {
            inner.Flush();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(error);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // .NET reports a closed descriptor (EBADF) as UnauthorizedAccessException around the IOException.
    private static CliException CannotWrite(Exception error) => new($"Could not write to standard output ({IoErrors.Describe(error)}).", error);
}
