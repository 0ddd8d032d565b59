using System.Diagnostics;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>
/// A real small file system for disk-full tests: a tmpfs of a few MB mounted on a new temp folder (needs root,
/// as CI runs; otherwise the test skips, or fails under <c>BLUEGREEN_REQUIRE_INTEGRATION=1</c>). <see cref="Fill"/>
/// writes a file until the kernel says ENOSPC; <see cref="Free"/> removes it. Unmounted on dispose.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string folder) => Folder = folder;

    public string Folder { get; }

    private string FillerPath => Path.Combine(Folder, "filler");

    public static SmallDisk Mount(int kilobytes)
    {
        var folder = Integration.TempFolder("disk");
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", folder);
        if (code != 0)
        {
            Directory.Delete(folder);
            var reason = $"Cannot mount a small tmpfs for a disk-full test (mount exited {code}: {output.Trim()}); it needs root.";
            if (Integration.Required)
            {
                Assert.Fail(reason + " BLUEGREEN_REQUIRE_INTEGRATION=1 makes this a failure.");
            }
            Assert.Skip(reason);
        }
        return new SmallDisk(folder);
    }

    /// <summary>Writes until the disk is full (ENOSPC); returns the bytes written (0 when it was full already).</summary>
    public long Fill()
    {
        var buffer = new byte[4096];
        long written = 0;
        try
        {
            using var filler = new FileStream(FillerPath, FileMode.Append, FileAccess.Write, FileShare.None, 1);
            // Bounded: a tmpfs of at most a few MB fills long before this.
            for (var i = 0; i < 100_000; i++)
            {
                filler.Write(buffer);
                written += buffer.Length;
            }
        }
        catch (IOException)
        {
            return written;
        }
        throw new InvalidOperationException($"{Folder} did not fill up after {written} bytes.");
    }

    public void Free() => File.Delete(FillerPath);

    public void Dispose()
    {
        Run("umount", "-l", Folder);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit(10_000);
            return (process.HasExited ? process.ExitCode : -1, error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
