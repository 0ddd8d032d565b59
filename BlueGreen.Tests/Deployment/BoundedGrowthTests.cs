using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Ssh;
using BlueGreen.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlueGreen.Tests.Deployment;

/// <summary>
/// What a long-lived dashboard keeps stays bounded: a step's output (line count and line length) with a real command,
/// and the engine's runs in memory across many deployments.
/// </summary>
public sealed class BoundedGrowthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StepPrintingAMillionLines_EndsWithACappedLogThatSaysWhatWasCut_AndABoundedDatabase()
    {
        // Each server's update first runs a real local command that prints 1,000,000 lines (and one very long one).
        await using var h = await EngineHarness.StartAsync(steps: fake => new LoudStep(fake));
        var record = h.Deploy("2.0.0");
        var done = await h.WaitForAsync(record.Id, DeploymentState.Succeeded, TimeSpan.FromSeconds(120));

        var max = h.Environment.Deployment.MaxOutputLinesPerStep;
        foreach (var server in new[] { "c1", "d1" })
        {
            var lines = h.Store.Logs(done.Id).Where(l => l.Server == server).ToList();
            // The kept head and tail, the line saying what was cut, the step's "running" line and the fake step's own line.
            Assert.InRange(lines.Count, max, max + 4);
            var cut = Assert.Single(lines, l => l.Text.Contains("lines of loud's output cut here", StringComparison.Ordinal));
            Assert.Contains("it printed 1,000,001 lines", cut.Text, StringComparison.Ordinal);
            Assert.Contains("MaxOutputLinesPerStep", cut.Text, StringComparison.Ordinal);
            // The head starts at the first line; the tail ends with the last ones, where errors usually are.
            Assert.Contains(lines, l => l.Text == "1");
            Assert.Contains(lines, l => l.Text == "1000000");
            var longLine = Assert.Single(lines, l => l.Text.StartsWith("xxxx", StringComparison.Ordinal));
            Assert.Contains("[… 96,000 more characters cut", longLine.Text, StringComparison.Ordinal);
            Assert.True(longLine.Text.Length < 4200, $"{longLine.Text.Length} characters kept");
        }
        // Closed, the journal is folded into the file: what is left is the kept lines, not the million.
        await h.Engine.StopAsync(Ct);
        h.Database.Dispose();
        var journal = new FileInfo(Path.ChangeExtension(h.Database.FilePath, null) + "-log.db");
        var bytes = new FileInfo(h.Database.FilePath).Length + (journal.Exists ? journal.Length : 0);
        Assert.True(bytes < 4 * 1024 * 1024, $"database {bytes:N0} bytes for two 1,000,000-line steps");
    }

    [Fact]
    public async Task AThousandFinishedDeployments_LeaveNoRunInMemory()
    {
        await using var h = await EngineHarness.StartAsync(twoSites: true);
        h.Environment.Deployment.WatchDuration = TimeSpan.Zero;
        h.Environment.Deployment.SmokeChecks = [];
        var succeeded = 0;
        for (var i = 0; i < 1000; i++)
        {
            // Every tenth succeeds (alternating versions, as a soak does); the others fail in their update, the quickest end.
            var succeed = i % 10 == 0;
            h.Steps.FailOn.Clear();
            if (!succeed)
            {
                h.Steps.FailOn.UnionWith(["a1", "c1"]);
            }
            var record = h.Deploy(succeeded % 2 == 0 ? "2.0.0" : "1.0.0");
            await h.WaitForAsync(record.Id, succeed ? DeploymentState.Succeeded : DeploymentState.Failed);
            succeeded += succeed ? 1 : 0;
            // The next starts as soon as this one reads final (the engine waits for it to let go of the environment).
        }
        await WaitUntilAsync(() => h.Engine.RunsInMemory == 0);
        Assert.Null(h.Locks.OwnerOf("prod"));
        var stored = h.Store.List("prod", 5000);
        Assert.Equal(1000, stored.Count);
        Assert.Equal(100, stored.Count(d => d.State == DeploymentState.Succeeded));
        Assert.Equal(900, stored.Count(d => d.State == DeploymentState.Failed));
    }

    [Theory]
    [InlineData("a\nb\r\nc", 10, new[] { "a", "b", "c" })]
    [InlineData("\n\nend\n", 10, new[] { "", "", "end" })]
    [InlineData("0123456789abc\nok\n", 10, new[] { "0123456789 [… 3 more characters cut: output lines are kept up to 10 characters]", "ok" })]
    public void BoundedLines_SplitsOnLineBreaks_CutsLongLinesSayingHowMuch(string text, int max, string[] expected)
    {
        var lines = new List<string>();
        var splitter = new BoundedLines(max);
        // In chunks of 3, as a stream delivers them.
        for (var i = 0; i < text.Length; i += 3)
        {
            splitter.Push(text.AsSpan(i, Math.Min(3, text.Length - i)), lines.Add);
        }
        splitter.Flush(lines.Add);
        Assert.Equal(expected, lines);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out.");
            await Task.Delay(5, Ct);
        }
    }

    /// <summary>Runs a real local command printing one 100,000-character line and 1,000,000 short ones, then the fake step.</summary>
    private sealed class LoudStep(FakeDeployStepRunner fake) : IDeployStepRunner
    {
        private readonly DeployStepRunner _real = new(null!, null!, new LocalShell(NullLogger<LocalShell>.Instance, TimeProvider.System));

        public async Task RunAsync(DeployStepContext context, CancellationToken cancellationToken)
        {
            var loud = new DeployStepOptions
            {
                Name = "loud",
                Kind = DeployStepKind.Local,
                Command = "head -c 100000 /dev/zero | tr '\\0' x; echo; seq 1 1000000",
                Timeout = TimeSpan.FromSeconds(90),
            };
            await _real.RunAsync(new DeployStepContext
            {
                Step = loud, Environment = context.Environment, Site = context.Site, Server = context.Server,
                Version = context.Version, Group = context.Group, Log = context.Log,
            }, cancellationToken);
            await fake.RunAsync(context, cancellationToken);
        }
    }
}
