using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Ssh;
using BlueGreen.Tests.Infrastructure;
using BlueGreen.Tests.Ssh;

namespace BlueGreen.Tests.Deployment;

/// <summary>Deploy steps for real: over SSH to a real sshd on loopback, locally, and an SFTP upload.</summary>
public sealed class DeployStepRunnerTests : IAsyncLifetime
{
    private SshdFixture _sshd = null!;
    private SshConnectionPool _pool = null!;
    private DeployStepRunner _runner = null!;
    private readonly List<(string Text, bool IsError)> _log = [];

    public async ValueTask InitializeAsync()
    {
        _sshd = await SshdFixture.StartAsync(TestContext.Current.CancellationToken);
        _pool = SshRemoteShellTests.CreatePool(_sshd.CreateOptions(), out var ssh);
        _runner = StepRunners.WithoutLab(ssh, new SecretRedactor(["BG_STEP_SECRET"], n => n == "BG_STEP_SECRET" ? "s3cr3t-in-output" : null));
    }

    public async ValueTask DisposeAsync()
    {
        await _pool.DisposeAsync();
        await _sshd.DisposeAsync();
    }

    private DeployStepContext Context(DeployStepOptions step)
    {
        var server = new ServerOptions { Name = "c1", Address = "127.0.0.1:8080", SshHost = _sshd.Host };
        var site = new SiteOptions { Name = "C", Group = "Green", Servers = [server] };
        return new DeployStepContext
        {
            Step = step,
            Environment = new EnvironmentOptions { Name = "prod", Sites = [site] },
            Site = site,
            Server = server,
            Version = "2.0.0+build.7",
            Group = SiteGroup.Green,
            Log = (text, isError) =>
            {
                lock (_log)
                {
                    _log.Add((text, isError));
                }
                return ValueTask.CompletedTask;
            },
        };
    }

    [Fact]
    public async Task Ssh_Command_PlaceholdersExpandedOutputStreamedToLog()
    {
        var step = new DeployStepOptions { Name = "install", Kind = DeployStepKind.Ssh, Command = "echo deployed {version} to {server} in {site}; echo warn >&2" };

        await _runner.RunAsync(Context(step), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Contains(("deployed 2.0.0+build.7 to c1 in C", false), _log);
        Assert.Contains(("warn", true), _log);
    }

    [Fact]
    public async Task Ssh_CommandPrintsASecret_StoredOutputHasItMasked()
    {
        var step = new DeployStepOptions { Name = "install", Kind = DeployStepKind.Ssh, Command = "echo token=s3cr3t-in-output; echo s3cr3t-in-output >&2" };

        await _runner.RunAsync(Context(step), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Contains(("token=***", false), _log);
        Assert.Contains(("***", true), _log);
        Assert.DoesNotContain(_log, l => l.Text.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ssh_NonZeroExit_FailsWithCodeAndStep()
    {
        var step = new DeployStepOptions { Name = "migrate", Kind = DeployStepKind.Ssh, Command = "echo migrating; exit 3" };

        var error = await Assert.ThrowsAsync<DeployStepException>(() => _runner.RunAsync(Context(step), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));

        Assert.Contains("Step 'migrate'", error.Message);
        Assert.Contains("exited with code 3", error.Message);
        Assert.Contains(("migrating", false), _log);
    }

    [Fact]
    public async Task Ssh_Timeout_FailsAndSaysSo()
    {
        var step = new DeployStepOptions { Name = "slow", Kind = DeployStepKind.Ssh, Command = "sleep 30", Timeout = TimeSpan.FromSeconds(1) };

        var error = await Assert.ThrowsAsync<DeployStepException>(() => _runner.RunAsync(Context(step), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));

        Assert.Contains("timed out", error.Message);
    }

    [Fact]
    public async Task Local_Command_RunsOnDashboardHost()
    {
        var step = new DeployStepOptions { Name = "ansible", Kind = DeployStepKind.Local, Command = "printf '%s|%s\\n' {version} {group}" };

        await _runner.RunAsync(Context(step), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Contains(("2.0.0+build.7|Green", false), _log);
    }

    [Fact]
    public async Task Upload_File_ArrivesOnServer()
    {
        var local = Path.Combine(_sshd.Folder, "artifact.txt");
        await File.WriteAllTextAsync(local, "release bits", TestContext.Current.CancellationToken);
        var remoteFolder = Path.Combine(_sshd.Folder, "remote");
        Directory.CreateDirectory(remoteFolder);
        var step = new DeployStepOptions { Name = "upload", Kind = DeployStepKind.Upload, Source = local, Destination = remoteFolder + "/app-{group}-{server}-{version}.txt" };

        await _runner.RunAsync(Context(step), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal("release bits", await File.ReadAllTextAsync(Path.Combine(remoteFolder, $"app-Green-{Context(step).Server.Name}-2.0.0+build.7.txt"), TestContext.Current.CancellationToken));
    }
}
