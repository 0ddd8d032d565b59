using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.Dashboard.Api;

/// <summary>
/// The REST API as a new user meets it, on the built-in lab (real sample services behind a real HAProxy, in the
/// real dashboard host): a load test with only the essentials sent, and a rollback of a release that failed its
/// smoke tests.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class LabApiTests : IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(90);
    private readonly string _folder = Integration.TempFolder("labapi");
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var settings = new Dictionary<string, string?>
        {
            ["BlueGreen:DataFolder"] = _folder,
            ["BlueGreen:Lab:Proxy"] = "HaProxy",
            ["BlueGreen:Lab:FrontendPort"] = Integration.FreePort().ToString(CultureInfo.InvariantCulture),
            ["BlueGreen:Lab:ServerBasePort"] = PortRange.FindFree(4).ToString(CultureInfo.InvariantCulture),
            ["BlueGreen:Lab:InstallDelay"] = "00:00:01",
        };
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
            builder.ConfigureLogging(logging => logging.ClearProviders());
        });
        _client = _factory.CreateClient();
        // The lab is up once HAProxy reports Blue live.
        await WaitForAsync(async () => (await GetAsync("/api/environments/lab")).GetProperty("liveGroup").GetString() == "Blue", "the lab's Blue group live");
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync().AsTask().WaitAsync(s_patience);
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task LoadTest_OnlyTheEssentials_EveryRequestOkOnTheLabsLoadPath()
    {
        using var started = await _client.PostAsJsonAsync("/api/loadtests", new { environment = "lab", ratePerClient = 200, clients = 1, durationSeconds = 5 }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        JsonElement details = default;
        await WaitForAsync(async () => (details = await GetAsync($"/api/loadtests/{id}")).GetProperty("state").GetString() != "Running", "the load test to end");

        Assert.Equal("Completed", details.GetProperty("state").GetString());
        Assert.Equal("/item", details.GetProperty("settings").GetProperty("path").GetString());
        var total = details.GetProperty("total");
        Assert.Equal(1000, total.GetProperty("intended").GetInt64());
        Assert.Equal(1000, total.GetProperty("ok").GetInt64());
        Assert.Equal(0, total.GetProperty("failed").GetInt64());
    }

    [Fact]
    public async Task Rollback_OfAReleaseThatFailedItsSmokeTests_409AndItStaysFailed()
    {
        using var started = await _client.PostAsJsonAsync("/api/environments/lab/deployments", new { version = "3.0.0-broken" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        await WaitForAsync(async () => (await GetAsync($"/api/deployments/{id}")).GetProperty("state").GetString() == "Failed", "the broken release to fail");

        using var rollback = await _client.PostAsync($"/api/deployments/{id}/rollback", null, Ct);
        var problem = await rollback.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var after = await GetAsync($"/api/deployments/{id}");

        Assert.Equal(HttpStatusCode.Conflict, rollback.StatusCode);
        Assert.Equal("application/problem+json", rollback.Content.Headers.ContentType?.MediaType);
        Assert.Contains("never switched traffic", problem.GetProperty("detail").GetString());
        Assert.Equal("Failed", after.GetProperty("state").GetString());
        Assert.Equal(["Resolve"], after.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        Assert.DoesNotContain(after.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("to").GetString() == "RollingBack");
        Assert.Equal("Blue", (await GetAsync("/api/environments/lab")).GetProperty("liveGroup").GetString());
    }

    private async Task<JsonElement> GetAsync(string path) => await _client.GetFromJsonAsync<JsonElement>(path, Ct).WaitAsync(s_patience, Ct);

    private static async Task WaitForAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + s_patience;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {s_patience.TotalSeconds:0} s for {what}.");
            await Task.Delay(200, Ct);
        }
    }
}
