using System.Net;
using System.Net.Sockets;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>
/// Gates tests on real parts (haproxy, sshd, chromium). Without them a test skips and says why; with
/// <c>BLUEGREEN_REQUIRE_INTEGRATION=1</c> (set by CI) a missing part fails the test instead.
/// </summary>
public static class Integration
{
    public static bool Required => Environment.GetEnvironmentVariable("BLUEGREEN_REQUIRE_INTEGRATION") == "1";

    /// <summary>Returns the full path of <paramref name="executable"/> (searched on PATH and in /usr/sbin, /usr/bin),
    /// or skips / fails the current test.</summary>
    public static string RequireExecutable(string executable, string package)
    {
        var path = FindExecutable(executable);
        if (path is not null)
        {
            return path;
        }
        var reason = $"'{executable}' was not found (install the Debian package '{package}', or run ./test.sh which installs it).";
        if (Required)
        {
            Assert.Fail(reason + " BLUEGREEN_REQUIRE_INTEGRATION=1 makes this a failure.");
        }
        Assert.Skip(reason);
        return "";
    }

    public static string? FindExecutable(string executable)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        return dirs.Select(d => Path.Combine(d, executable)).FirstOrDefault(File.Exists);
    }

    /// <summary>A free TCP port on 127.0.0.1 (bound and released; good enough for tests on one machine).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A new empty folder under the temp directory, for one test or fixture.</summary>
    public static string TempFolder(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bluegreen-{prefix}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        return path;
    }
}
