using System.Security.Cryptography;

namespace AssumeRoleCli.State;

/// <summary>
/// Replaces a file so that a crash at any moment leaves the old or the new content, never half, and nothing is
/// ever written through a link: the content goes to a new file made exclusively (O_CREAT|O_EXCL, which fails on any
/// existing name, links included) under a random name beside the target, mode 0600 from its creation, is flushed
/// to disk and renamed over the target (rename replaces a link, never follows it); then
/// <see cref="SyncDirectoryOf"/> flushes the directory so the rename itself survives a power cut.
/// </summary>
internal sealed class AtomicFile
{
    private const int Attempts = 3;

    private readonly Func<string> _randomName;
    private readonly Action<string> _syncDirectory;

    /// <param name="randomName">Makes the random part of a temporary file's name (a seam for tests).</param>
    /// <param name="syncDirectory">Flushes a directory to disk (a seam for tests).</param>
    internal AtomicFile(Func<string> randomName, Action<string> syncDirectory)
    {
        _randomName = randomName;
        _syncDirectory = syncDirectory;
    }

    public static AtomicFile Default { get; } = new(() => RandomNumberGenerator.GetHexString(16, lowercase: true), DirectorySync.Flush);

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>; on failure the old content is untouched.</summary>
    public void Replace(string path, ReadOnlySpan<byte> content)
    {
        var (temporary, stream) = CreateTemporary(path);
        try
        {
            using (stream)
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Makes the last <see cref="Replace"/> of <paramref name="path"/> durable: fsync on its directory.</summary>
    public void SyncDirectoryOf(string path) => _syncDirectory(System.IO.Path.GetDirectoryName(path)!);

    /// <summary>Proves a <see cref="Replace"/> of <paramref name="path"/> could create its temporary file, by making one and removing it.</summary>
    public void ProbeWritable(string path)
    {
        var (temporary, stream) = CreateTemporary(path);
        stream.Dispose();
        File.Delete(temporary);
    }

    private (string Path, FileStream Stream) CreateTemporary(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            var temporary = $"{path}.{_randomName()}.tmp";
            try
            {
                return (temporary, new FileStream(temporary, TemporaryFileOptions()));
            }
            catch (IOException error) when (IoErrors.IsAlreadyExists(error) && attempt < Attempts)
            {
                // Someone else's file (or link) has this name; never touch it, pick another.
            }
        }
    }

    private static void TryDelete(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The failure being reported matters more; a stray temporary file is harmless.
        }
    }

    private static FileStreamOptions TemporaryFileOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
