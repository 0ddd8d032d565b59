using BlueGreen.Core.Status;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Status;

/// <summary>The version probe against a real Kestrel server: a plain or JSON version is read; a big body is not a
/// version and is not read to its end.</summary>
public sealed class ServerVersionProbeTests
{
    [Fact]
    public async Task ReadVersion_PlainJsonAndBigBodies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await TestWebServer.StartAsync("1.2.3", ct);
        using var http = new HttpClient();
        var probe = new ServerVersionProbe(http);

        Assert.Equal("1.2.3", await probe.ReadVersionAsync(server.Url("/").ToString(), ct));
        Assert.Equal("4.5.6", await probe.ReadVersionAsync(server.Url("/version.json").ToString(), ct));
        // A 256 MB body: not a version, and not read to its end. The server could write only what the client read
        // (4 KB) plus the sockets' buffers before the client went away.
        Assert.Null(await probe.ReadVersionAsync(server.Url("/big/262144").ToString(), ct));
        long written;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        do
        {
            written = server.BigBytesWritten;
            await Task.Delay(300, ct);
        }
        while (server.BigBytesWritten != written && DateTime.UtcNow < deadline);
        Assert.True(written < 32L * 1024 * 1024, $"the server wrote {written / 1024} KB of the 256 MB body");
        Assert.Null(await probe.ReadVersionAsync(server.Url("/status/500").ToString(), ct));
    }
}
