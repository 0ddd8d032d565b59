using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using BlueGreen.SampleApp;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.SampleApp;

/// <summary>The sample app as a process: command line, exit codes, binding, graceful stop.</summary>
public sealed class SampleAppLifecycleTests
{
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string[], string> BadArguments => new()
    {
        { [], "--version is required" },
        { ["--port", "18081"], "--version is required" },
        { ["--version", "1.0.0"], "--port is required" },
        { ["--version", "one", "--port", "18081"], "--version 'one'" },
        { ["--version", "1.0.0", "--port", "99999"], "--port '99999'" },
        { ["--version", "1.0.0", "--port", "18081", "--host", "not-an-ip"], "--host 'not-an-ip'" },
        { ["--version", "1.0.0", "--port", "18081", "--colour", "blue"], "unknown option '--colour'" },
        { ["--version", "1.0.0", "--port"], "'--port' needs a value" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Main_BadArguments_ExitsWith2AndSaysWhy(string[] args, string expected)
    {
        var (exitCode, output) = await SampleAppProcess.RunToExitAsync(args, s_exitTimeout, Token);

        Assert.Equal(SampleAppProgram.ExitBadArguments, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Contains("usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_PortInUse_ExitsWith3NamingThePort()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;

        var (exitCode, output) = await SampleAppProcess.RunToExitAsync(["--version", "1.0.0", "--port", port.ToString()], s_exitTimeout, Token);

        Assert.Equal(SampleAppProgram.ExitPortInUse, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"port {port}", line, StringComparison.Ordinal);
        Assert.Contains("already in use", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_AspNetCoreUrlsSet_BindsOnlyTheGivenPort()
    {
        var strayPort = Integration.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{strayPort}",
            ["ASPNETCORE_HTTP_PORTS"] = strayPort.ToString(),
        };

        await using var app = await SampleAppProcess.StartAsync("1.0.0", environment: environment, cancellationToken: Token);

        using var probe = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(async () =>
            await probe.ConnectAsync(IPAddress.Loopback, strayPort, Token).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Token));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.DoesNotContain("Overriding address", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminate_InFlightSlowRequest_FinishesItThenExits0()
    {
        await using var app = await SampleAppProcess.StartAsync("1.0.0", name: "g1", cancellationToken: Token);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = app.BaseAddress,
            Timeout = TimeSpan.FromSeconds(20),
        };
        var slow = client.GetAsync("/slow?ms=2000", Token);
        await WaitUntilInFlightAsync(client, app);

        app.Terminate();
        using var response = await slow.WaitAsync(TimeSpan.FromSeconds(20), Token);
        var exitCode = await app.WaitForExitAsync(s_exitTimeout, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new SlowResponse(2000, "1.0.0", "g1"),
            await response.Content.ReadFromJsonAsync(SampleAppJsonContext.Default.SlowResponse, Token));
        Assert.Equal(SampleAppProgram.ExitOk, exitCode);
    }

    /// <summary>Polls <c>/health</c> (bounded) until it reports another request in flight.</summary>
    private static async Task WaitUntilInFlightAsync(HttpClient client, SampleAppProcess app)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var health = await client.GetFromJsonAsync("/health", SampleAppJsonContext.Default.HealthResponse, Token);
            if (health?.InFlight >= 1)
            {
                return;
            }
            await Task.Delay(25, Token);
        }
        Assert.Fail($"The slow request never showed up as in flight on {app.Name}. Output:\n{app.Output}");
    }
}
