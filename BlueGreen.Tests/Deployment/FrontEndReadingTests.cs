using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Status;
using BlueGreen.Tests.Infrastructure;
using BlueGreen.Tests.LoadTesting;

namespace BlueGreen.Tests.Deployment;

/// <summary>The approval evidence's front-end reading against a real Kestrel: what counts as an error, and latency.</summary>
public sealed class FrontEndReadingTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private TestWebServer _server = null!;
    private SmokeTester _tester = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await TestWebServer.StartAsync(Ct);
        _tester = new SmokeTester(_http, new ServerVersionProbe(_http), TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Task<FrontEndReading> ReadAsync(string baseUrl, string path, int requests = 5, double timeoutSeconds = 5)
        => _tester.ReadFrontEndAsync("lb1", baseUrl, new SmokeCheckOptions { Path = path }, requests, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(timeoutSeconds), Ct);

    [Fact]
    public async Task Healthy_NoErrorsAndOrderedLatencies()
    {
        var reading = await ReadAsync(_server.BaseUri.ToString(), "/ok");

        Assert.Equal((5, 0, 0.0), (reading.Requests, reading.Errors, reading.ErrorRatePercent));
        Assert.Null(reading.LastProblem);
        Assert.True(reading.P50Ms > 0 && reading.P50Ms <= reading.P95Ms && reading.P95Ms <= reading.MaxMs, $"{reading.P50Ms} {reading.P95Ms} {reading.MaxMs}");
        Assert.EndsWith("/ok", reading.Url);
    }

    [Theory]
    [InlineData("/status/503", 5, "answered 503")]
    [InlineData("/status/404", 0, null)]
    public async Task ServerErrorsCountClientErrorsDoNot(string path, int errors, string? problem)
    {
        var reading = await ReadAsync(_server.BaseUri.ToString(), path);

        Assert.Equal(errors, reading.Errors);
        if (problem is null)
        {
            Assert.Null(reading.LastProblem);
        }
        else
        {
            Assert.Contains(problem, reading.LastProblem);
        }
    }

    [Fact]
    public async Task NothingListening_EveryRequestAnError()
    {
        var reading = await ReadAsync($"http://127.0.0.1:{Integration.FreePort()}/", "/ok", requests: 3);

        Assert.Equal((3, 3, 100.0), (reading.Requests, reading.Errors, reading.ErrorRatePercent));
        Assert.Contains("failed", reading.LastProblem);
    }

    [Fact]
    public async Task Stalled_TimeoutsCounted()
    {
        var reading = await ReadAsync(_server.BaseUri.ToString(), "/slow?ms=3000", requests: 2, timeoutSeconds: 0.2);

        Assert.Equal(2, reading.Errors);
        Assert.Contains("timed out", reading.LastProblem);
    }
}
