using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Faults;

/// <summary>The fault tests trust the outside client's zero: it must count what fails, each way a request can fail.</summary>
public sealed class OutsideClientTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Counts_ErrorStatusResetAndRefused_EachCountedByKindNoneOk()
    {
        await using var server = await TestWebServer.StartAsync(Token);
        var duration = TimeSpan.FromSeconds(1);
        await using var ok = OutsideClient.Start(server.Url("/ok"), 100, duration);
        await using var status = OutsideClient.Start(server.Url("/status/503"), 100, duration);
        await using var reset = OutsideClient.Start(server.Url("/reset"), 100, duration);
        await using var refused = OutsideClient.Start(new Uri($"http://127.0.0.1:{Integration.FreePort()}/"), 100, duration);

        var counts = await Task.WhenAll(new[] { ok, status, reset, refused }.Select(c => c.StopAfterAsync(duration + TimeSpan.FromSeconds(10))));

        // Bounded in time: the last requests due as the second ends may not be sent; every one sent is counted.
        Assert.All(counts, c => Assert.True(c is { Sent: > 0 and <= 100, NotSent: 0, InFlight: 0 }, c.ToString()));
        Assert.Equal((counts[0].Sent, 0), (counts[0].Ok, counts[0].Failures));
        Assert.Equal(new Dictionary<int, long> { [503] = counts[1].Sent }, counts[1].Statuses);
        Assert.Equal((0, counts[2].Sent), (counts[2].Ok, counts[2].Errors.Values.Sum()));
        Assert.Equal(new Dictionary<string, long> { ["ConnectionError (ConnectionRefused)"] = counts[3].Sent }, counts[3].Errors);
    }
}
