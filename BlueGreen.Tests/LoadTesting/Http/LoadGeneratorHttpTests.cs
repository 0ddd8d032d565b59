using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Http;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.LoadTesting.Http;

/// <summary>
/// The generator's real HTTP path against a real in-process Kestrel on loopback. The machine is small and noisy:
/// assertions are on counts with generous margins, never on timings.
/// </summary>
public sealed class LoadGeneratorHttpTests
{
    private readonly LoadGenerator _generator = new(TimeProvider.System, HttpSenderFactory.Create);

    [Fact]
    public async Task Run_500PerSecondFor5Seconds_AllSentAndOk()
    {
        await using var server = await TestWebServer.StartAsync(TestContext.Current.CancellationToken);
        var request = new LoadTestRequest
        {
            Target = server.Url("/ok"),
            RatePerClient = 250,
            Clients = 2,
            Duration = TimeSpan.FromSeconds(5),
        };

        var (samples, summary) = await LoadRunHelper.RunAsync(_generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        var total = summary.Total;
        Assert.Equal(2500, total.Intended);
        Assert.InRange(total.Sent, 2475, 2500);
        Assert.Equal(total.Sent, total.Ok);
        Assert.Equal(0, total.Failed);
        Assert.Equal(5, summary.Seconds);
        Assert.All(samples.Where(s => s.Client is null), s => Assert.Equal(500, s.Intended));
        Assert.True(total.BytesReceived > 2500 * 2, "every response has a body of 2 bytes plus headers");
        Assert.NotNull(total.Latency);
        Assert.True(total.Latency.MinMs > 0 && total.Latency.P50Ms <= total.Latency.P99Ms && total.Latency.P99Ms <= total.Latency.MaxMs);
        Assert.NotNull(total.ServiceTime);
        Assert.True(server.DistinctConnections < 500, $"keep-alive reuses connections ({server.DistinctConnections} for 2,500 requests)");
    }

    [Fact]
    public async Task Run_ServerStallsBeyondTimeout_CountsTimeouts()
    {
        await using var server = await TestWebServer.StartAsync(TestContext.Current.CancellationToken);
        var request = new LoadTestRequest
        {
            Target = server.Url("/slow?ms=5000"),
            RatePerClient = 20,
            Duration = TimeSpan.FromSeconds(2),
            Timeout = TimeSpan.FromMilliseconds(300),
        };

        var (samples, summary) = await LoadRunHelper.RunAsync(_generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.Equal(40, summary.Total.Intended);
        Assert.Equal(0, summary.Total.Ok);
        Assert.Equal(summary.Total.Sent, summary.Total.Failures.Timeout);
        Assert.True(summary.Total.Sent >= 30, $"sent {summary.Total.Sent}");
        Assert.Equal(TiphonGrade.Poor, Tiphon.GradeLoss(summary.Total.LossPercent));
    }

    [Fact]
    public async Task Run_ClosedPort_CountsConnectionRefused()
    {
        var request = new LoadTestRequest
        {
            Target = new Uri($"http://127.0.0.1:{Integration.FreePort()}/ok"),
            RatePerClient = 20,
            Duration = TimeSpan.FromSeconds(1),
        };

        var (samples, summary) = await LoadRunHelper.RunAsync(_generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.Equal(20, summary.Total.Intended);
        Assert.Equal(summary.Total.Sent, summary.Total.Failures.ConnectionRefused);
        Assert.True(summary.Total.Sent >= 15, $"sent {summary.Total.Sent}");
        Assert.Null(summary.Total.Latency);
    }

    [Fact]
    public async Task Run_InFlightCapAgainstSlowEndpoint_CountsUnsentAndKeepsInvariant()
    {
        await using var server = await TestWebServer.StartAsync(TestContext.Current.CancellationToken);
        var request = new LoadTestRequest
        {
            Target = server.Url("/slow?ms=500"),
            RatePerClient = 100,
            Duration = TimeSpan.FromSeconds(2),
            InFlightCapPerClient = 5,
        };

        var (samples, summary) = await LoadRunHelper.RunAsync(_generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        var total = summary.Total;
        Assert.Equal(200, total.Intended);
        Assert.InRange(total.Sent, 5, 60);        // about 5 per 500 ms
        Assert.True(total.Unsent >= 140, $"unsent {total.Unsent}");
        Assert.Equal(total.Sent, total.Ok);
        Assert.True(server.DistinctConnections <= 5, $"the cap is also the connection limit ({server.DistinctConnections})");
        Assert.True(total.LossPercent > 25);
    }

    [Fact]
    public async Task Run_NewConnectionPerRequest_EveryRequestOpensItsOwnConnection()
    {
        await using var server = await TestWebServer.StartAsync(TestContext.Current.CancellationToken);
        var request = new LoadTestRequest
        {
            Target = server.Url("/ok"),
            RatePerClient = 50,
            Duration = TimeSpan.FromSeconds(2),
            KeepAlive = false,
        };

        var (samples, summary) = await LoadRunHelper.RunAsync(_generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.Equal(100, summary.Total.Intended);
        Assert.Equal(100, summary.Total.Ok);
        Assert.True(server.DistinctConnections >= 100, $"connections {server.DistinctConnections}");
    }

    [Fact]
    public async Task Run_ClosedLoop_UsesAtMostItsConnections()
    {
        await using var server = await TestWebServer.StartAsync(TestContext.Current.CancellationToken);
        var request = new LoadTestRequest
        {
            Target = server.Url("/ok"),
            Model = LoadModel.ClosedLoop,
            ConnectionsPerClient = 4,
            Duration = TimeSpan.FromSeconds(1),
        };

        var (samples, summary) = await LoadRunHelper.RunAsync(_generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        // More requests than connections: each connection carried several (no speed floor: the machine may be busy).
        Assert.True(summary.Total.Ok > 8, $"ok {summary.Total.Ok}");
        Assert.Equal(0, summary.Total.Unsent);
        Assert.Equal(0, summary.Total.Failed);
        Assert.InRange(server.DistinctConnections, 1, 4);
    }

    [Theory]
    [InlineData("/status/503", FailureKind.Http5xx)]
    [InlineData("/status/404", FailureKind.Http4xx)]
    [InlineData("/reset", FailureKind.Reset)]
    public async Task Run_FailingEndpoint_ClassifiesEveryFailure(string path, FailureKind expected)
    {
        await using var server = await TestWebServer.StartAsync(TestContext.Current.CancellationToken);
        var request = new LoadTestRequest { Target = server.Url(path), RatePerClient = 20, Duration = TimeSpan.FromSeconds(1) };

        var (samples, summary) = await LoadRunHelper.RunAsync(_generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.Equal(20, summary.Total.Intended);
        Assert.True(summary.Total.Sent >= 15, $"sent {summary.Total.Sent}");
        Assert.Equal(summary.Total.Sent, summary.Total.Failures.Get(expected));
    }

    [Fact]
    public async Task Run_RedirectStatus_IsOkAndNotFollowed()
    {
        await using var server = await TestWebServer.StartAsync(TestContext.Current.CancellationToken);
        var request = new LoadTestRequest { Target = server.Url("/status/302"), RatePerClient = 10, Duration = TimeSpan.FromSeconds(1) };

        var (samples, summary) = await LoadRunHelper.RunAsync(_generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.Equal(10, summary.Total.Ok);
    }
}
