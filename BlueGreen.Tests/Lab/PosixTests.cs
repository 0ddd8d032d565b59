using System.Diagnostics;
using System.Globalization;
using BlueGreen.Core.Lab;

namespace BlueGreen.Tests.Lab;

/// <summary>
/// <see cref="Posix.IsRunning"/>, which the lab's restart waits on after killing a dead dashboard's processes: those
/// are orphans, and once killed they stay zombies until init reaps them (seconds on some machines). A zombie still has
/// a /proc entry (and an empty command line) but holds no port: it must count as exited.
/// </summary>
public sealed class PosixTests
{
    [Fact]
    public void IsRunning_ThisProcess_True_NoSuchProcess_False()
    {
        Assert.True(Posix.IsRunning(Environment.ProcessId));
        Assert.False(Posix.IsRunning(int.MaxValue));
    }

    [Fact]
    public async Task IsRunning_ExitedChildNobodyReaps_FalseThoughProcStillListsIt()
    {
        // A shell starts a short sleep and replaces itself with a long one, which never reaps the short one.
        using var parent = Process.Start(new ProcessStartInfo("bash", ["-c", "sleep 0.1 & echo $!; exec sleep 30"]) { RedirectStandardOutput = true })!;
        try
        {
            var line = await parent.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            var child = int.Parse(line!, CultureInfo.InvariantCulture);
            var state = "";
            for (var i = 0; i < 100 && !state.StartsWith('Z'); i++)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
                state = File.ReadAllLines($"/proc/{child}/status").First(l => l.StartsWith("State:", StringComparison.Ordinal))[6..].Trim();
            }

            Assert.StartsWith("Z", state, StringComparison.Ordinal);
            Assert.Equal("", Posix.CommandLine(child));
            Assert.False(Posix.IsRunning(child));
        }
        finally
        {
            parent.Kill();
            await parent.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }
    }
}
