using System.Diagnostics;
using System.Security.Cryptography;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Storage;
using BlueGreen.Tests.Deployment;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Storage;

/// <summary>
/// The data file failing under the dashboard: a full disk (a real tmpfs), a file another process holds, a file that is
/// not a database. Each ends in an error naming the file and the fix; none leaves an environment blocked, loses what
/// was stored, or replaces the file with a new empty one.
/// </summary>
public sealed class StorageFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DiskFullDuringADeployment_FailsNamingTheFile_FreesTheEnvironment_StoresTheEndOnceSpaceIsBack()
    {
        using var disk = SmallDisk.Mount(kilobytes: 32 * 1024);
        await using var h = await EngineHarness.StartAsync(dataFolder: disk.Folder);
        var before = h.Deploy("2.0.0");
        await h.WaitForAsync(before.Id, DeploymentState.Succeeded);

        // The next one is held in its update while the disk fills up; then its step writes its output.
        h.Steps.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = h.Deploy("3.0.0");
        await WaitUntilAsync(() => h.Store.Find(held.Id)!.State == DeploymentState.Updating, "the deployment reaches Updating");
        Assert.True(disk.Fill() > 0);
        h.Steps.Gate.SetResult();

        // The environment is freed although nothing about the failure could be stored.
        await WaitUntilAsync(() => h.Locks.OwnerOf("prod") is null && h.Engine.RunsInMemory == 0, "the environment is released");
        Assert.Equal(DeploymentState.Updating, h.Store.Find(held.Id)!.State);
        Assert.Equal(AdminState.Ready, h.LoadBalancer.AdminOf("c1"));
        Assert.Equal(AdminState.Maint, h.LoadBalancer.AdminOf("a1"));

        // Space back: the held deployment's end is stored by the engine's retry, with no restart, and work goes on.
        disk.Free();
        var ended = await WaitForRecordAsync(h, held.Id, r => r.State == DeploymentState.Failed, TimeSpan.FromSeconds(30));
        Assert.Contains(Path.Combine(disk.Folder, "bluegreen.db"), ended.Error, StringComparison.Ordinal);
        Assert.Equal(DeploymentState.Succeeded, h.Store.Find(before.Id)!.State);
        // What the failed writes left behind is finalized without ending the process (LiteDB's finalizer threw here).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var after = h.Deploy("1.0.0");
        await h.WaitForAsync(after.Id, DeploymentState.Succeeded);
        Assert.Equal(AdminState.Ready, h.LoadBalancer.AdminOf("a1"));
    }

    [Fact]
    public void SecondDashboardOnTheSameDataFolder_IsRefusedNamingTheFile()
    {
        var folder = Integration.TempFolder("twice");
        try
        {
            var path = Path.Combine(folder, "bluegreen.db");
            using var first = new BlueGreenDatabase(path);
            first.Collection<Row>("rows").Insert(new Row { Text = "kept" });
            var refused = Assert.Throws<DataFileException>(() => new BlueGreenDatabase(path));
            Assert.Contains(path, refused.Message, StringComparison.Ordinal);
            Assert.Contains("another dashboard", refused.Message, StringComparison.Ordinal);
            Assert.Contains("BlueGreen:DataFolder", refused.Message, StringComparison.Ordinal);
            Assert.Equal("kept", first.Collection<Row>("rows").FindAll().Single().Text);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task DataFileLockedByAnotherProcess_DashboardExitsOnceNamingTheFileAndTheFix()
    {
        var flock = Integration.RequireExecutable("flock", "util-linux");
        var folder = Integration.TempFolder("locked");
        Process? holder = null;
        try
        {
            var path = Path.Combine(folder, "bluegreen.db");
            using (var database = new BlueGreenDatabase(path))
            {
                database.Collection<Row>("rows").Insert(new Row { Text = "kept" });
            }
            // Another process (a backup tool, say) holds an exclusive lock on the file itself.
            holder = Process.Start(new ProcessStartInfo(flock) { ArgumentList = { "--no-fork", "-x", path, "sleep", "60" }, UseShellExecute = false })!;
            await WaitUntilAsync(() => LockHeld(path), "flock holds the file");

            var refused = Assert.Throws<DataFileException>(() => new BlueGreenDatabase(path));
            Assert.Contains(path, refused.Message, StringComparison.Ordinal);
            Assert.Contains("another process", refused.Message, StringComparison.Ordinal);

            var (code, error) = await RunDashboardAsync(folder);
            Assert.True(code == 3, $"exit {code}: {error}");
            Assert.Contains($"BlueGreen cannot start: The data file {path} cannot be opened", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);

            holder.Kill();
            await holder.WaitForExitAsync(Ct);
            using var reopened = new BlueGreenDatabase(path);
            Assert.Equal("kept", reopened.Collection<Row>("rows").FindAll().Single().Text);
        }
        finally
        {
            if (holder is { HasExited: false })
            {
                holder.Kill();
            }
            holder?.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task CorruptDataFileAtStart_RefusesNamingTheFileAndHowToRecover_NeverANewEmptyDatabase()
    {
        var folder = Integration.TempFolder("corrupt");
        try
        {
            var path = Path.Combine(folder, "bluegreen.db");
            await File.WriteAllBytesAsync(path, [.. Enumerable.Range(0, 16_384).Select(i => (byte)(i * 7 % 251))], Ct);
            var hash = SHA256.HashData(await File.ReadAllBytesAsync(path, Ct));

            var refused = Assert.Throws<DataFileException>(() => new BlueGreenDatabase(path));
            Assert.Contains(path, refused.Message, StringComparison.Ordinal);
            Assert.Contains("not a readable BlueGreen database", refused.Message, StringComparison.Ordinal);
            Assert.Contains($"mv {path} {path}.broken", refused.Message, StringComparison.Ordinal);
            Assert.Contains("backup", refused.Message, StringComparison.Ordinal);

            var (code, error) = await RunDashboardAsync(folder);
            Assert.True(code == 3, $"exit {code}: {error}");
            Assert.Contains($"The data file {path} is not a readable BlueGreen database", error, StringComparison.Ordinal);
            // Left exactly as it was: nothing was "repaired" into an empty database.
            Assert.Equal(hash, SHA256.HashData(await File.ReadAllBytesAsync(path, Ct)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public sealed class Row
    {
        public int Id { get; set; }
        public string Text { get; set; } = "";
    }

    /// <summary>Whether some process holds an exclusive lock on <paramref name="path"/> (a shared one cannot be had).</summary>
    private static bool LockHeld(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The real dashboard on <paramref name="folder"/> (it exits before its lab starts): its exit code and standard error.</summary>
    private static Task<(int Code, string Error)> RunDashboardAsync(string folder)
        => DashboardProcess.RunUntilExitAsync(folder, $$"""{ "BlueGreen": { "DataFolder": "{{folder}}", "Lab": { "Enabled": true, "Proxy": "Embedded" } } }""",
            $"http://127.0.0.1:{Integration.FreePort()}", Ct);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(25, Ct);
        }
    }

    private static async Task<DeploymentRecord> WaitForRecordAsync(EngineHarness h, string id, Func<DeploymentRecord, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (h.Store.Find(id) is { } record && condition(record))
                {
                    return record;
                }
            }
            catch (DataFileException)
            {
                // Reading may fail while the file is being opened again.
            }
            Assert.True(DateTime.UtcNow < deadline, $"Deployment {id} did not reach the expected state: {h.Store.Find(id)?.State}.");
            await Task.Delay(100, Ct);
        }
    }
}
