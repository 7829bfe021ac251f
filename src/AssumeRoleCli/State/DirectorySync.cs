using System.Runtime.InteropServices;

namespace AssumeRoleCli.State;

/// <summary>
/// fsync(2) on a directory, which is what makes a rename in it durable: fsync on the file covers its data, not the
/// directory entry that now names it. .NET cannot open a directory as a file handle, so this calls libc directly
/// ("libc" is mapped to the platform's C library by the runtime). The imports take only blittable arguments, so
/// Native AOT compiles their stubs ahead of time; LibraryImport would need AllowUnsafeBlocks for the whole project.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY is 0 everywhere; a directory opens read-only without O_DIRECTORY.
    private const int InvalidArgument = 22; // EINVAL on Linux and macOS: this file system cannot sync directories.

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals renames; Windows has no directory handle to flush.
        }

        var nativePath = Marshal.StringToCoTaskMemUTF8(directory);
        int descriptor;
        try
        {
            descriptor = Open(nativePath, ReadOnly);
        }
        finally
        {
            Marshal.FreeCoTaskMem(nativePath);
        }

        if (descriptor < 0)
        {
            throw Failure("open", directory);
        }

        try
        {
            if (Fsync(descriptor) != 0 && Marshal.GetLastPInvokeError() != InvalidArgument)
            {
                throw Failure("fsync", directory);
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    private static IOException Failure(string call, string directory)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} {directory}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(nint path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int descriptor);
}
