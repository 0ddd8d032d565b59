using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BlueGreen.SampleApp;

namespace BlueGreen.Tests.SampleApp;

/// <summary>The item API of a real sample-app process, per version: headers, 1.x vs 2.x features, broken builds, CRUD,
/// validation.</summary>
public sealed class SampleAppApiTests
{
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnyRoute_EveryResponse_CarriesVersionAndServerHeaders()
    {
        await using var app = await SampleAppProcess.StartAsync("1.2.3", name: "a1", cancellationToken: Token);
        using var client = Client(app);

        var responses = new List<HttpResponseMessage>();
        try
        {
            responses.Add(await client.GetAsync("/item", Token));
            responses.Add(await client.GetAsync("/item/1", Token));
            responses.Add(await client.GetAsync("/item/9999", Token));
            responses.Add(await client.GetAsync("/no-such-route", Token));
            responses.Add(await client.GetAsync("/health", Token));
            responses.Add(await client.GetAsync("/version", Token));
            responses.Add(await client.GetAsync("/slow?ms=-5", Token));
            responses.Add(await client.PostAsync("/item", Json("{\"price\":1}"), Token));
            responses.Add(await client.PostAsync("/item", Json("{not json"), Token));
            responses.Add(await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/item"), Token));

            Assert.Equal(
                [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK,
                 HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest,
                 HttpStatusCode.MethodNotAllowed],
                responses.Select(r => r.StatusCode));
            Assert.All(responses, r =>
            {
                Assert.Equal("1.2.3", Assert.Single(r.Headers.GetValues("X-App-Version")));
                Assert.Equal("a1", Assert.Single(r.Headers.GetValues("X-App-Server")));
            });
        }
        finally
        {
            responses.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task HealthAndVersion_Running_ReportVersionAndName()
    {
        await using var app = await SampleAppProcess.StartAsync("2.0.1", name: "c1", cancellationToken: Token);
        using var client = Client(app);

        var health = await client.GetFromJsonAsync("/health", SampleAppJsonContext.Default.HealthResponse, Token);
        var version = await client.GetFromJsonAsync("/version", SampleAppJsonContext.Default.VersionResponse, Token);

        Assert.Equal(new HealthResponse("ok", "2.0.1", 0), health);
        Assert.Equal(new VersionResponse("2.0.1", "c1"), version);
    }

    [Fact]
    public async Task Items_Version1_HasNoCategoriesFiltersOrStats()
    {
        await using var app = await SampleAppProcess.StartAsync("1.0.0", cancellationToken: Token);
        using var client = Client(app);

        var all = await client.GetStringAsync("/item", Token);
        var searched = await GetItemsAsync(client, "/item?search=mouse");
        using var stats = await client.GetAsync("/item/stats", Token);

        using var document = JsonDocument.Parse(all);
        Assert.Equal(6, document.RootElement.GetArrayLength());
        Assert.All(document.RootElement.EnumerateArray(), item => Assert.False(item.TryGetProperty("category", out _)));
        Assert.Equal(6, searched.Count);
        Assert.Equal(HttpStatusCode.NotFound, stats.StatusCode);
    }

    [Fact]
    public async Task Items_Version2_FiltersBySearchAndCategoryAndReportsStats()
    {
        await using var app = await SampleAppProcess.StartAsync("2.0.0", cancellationToken: Token);
        using var client = Client(app);

        var all = await GetItemsAsync(client, "/item");
        var searched = await GetItemsAsync(client, "/item?search=MOUSE");
        var peripherals = await GetItemsAsync(client, "/item?category=peripherals");
        var stats = await client.GetFromJsonAsync("/item/stats", SampleAppJsonContext.Default.ItemStats, Token);

        Assert.Equal(6, all.Count);
        Assert.All(all, item => Assert.False(string.IsNullOrEmpty(item.Category)));
        Assert.Equal("Wireless mouse", Assert.Single(searched).Name);
        Assert.Equal(3, peripherals.Count);
        Assert.NotNull(stats);
        Assert.Equal(6, stats.Count);
        Assert.Equal(all.Sum(i => i.Price), stats.TotalValue);
        Assert.Equal(3, stats.Categories["peripherals"]);
    }

    [Fact]
    public async Task ItemRoutes_BrokenVersion_Answer500WhileHealthIs200()
    {
        await using var app = await SampleAppProcess.StartAsync("2.1.0-broken", name: "d1", cancellationToken: Token);
        using var client = Client(app);

        using var health = await client.GetAsync("/health", Token);
        using var list = await client.GetAsync("/item", Token);
        using var one = await client.GetAsync("/item/1", Token);
        using var stats = await client.GetAsync("/item/stats", Token);
        using var create = await client.PostAsync("/item", Json("{\"name\":\"x\",\"price\":1}"), Token);
        using var delete = await client.DeleteAsync("/item/1", Token);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("2.1.0-broken", (await health.Content.ReadFromJsonAsync(SampleAppJsonContext.Default.HealthResponse, Token))?.Version);
        Assert.All(new[] { list, one, stats, create, delete }, r =>
        {
            Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
            Assert.Equal("2.1.0-broken", Assert.Single(r.Headers.GetValues("X-App-Version")));
        });
        Assert.Contains("broken", await list.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crud_CreateReadUpdateDelete_RoundTrips()
    {
        await using var app = await SampleAppProcess.StartAsync("2.0.0", cancellationToken: Token);
        using var client = Client(app);

        using var created = await client.PostAsync("/item", Json("{\"name\":\" Desk lamp \",\"price\":24.5,\"category\":\"lighting\"}"), Token);
        var item = await created.Content.ReadFromJsonAsync(SampleAppJsonContext.Default.Item, Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(item);
        Assert.Equal(new Item(item.Id, "Desk lamp", 24.5m, "lighting"), item);
        Assert.Equal($"/item/{item.Id}", created.Headers.Location?.OriginalString);

        var read = await client.GetFromJsonAsync($"/item/{item.Id}", SampleAppJsonContext.Default.Item, Token);
        Assert.Equal(item, read);

        using var updated = await client.PutAsync($"/item/{item.Id}", Json("{\"name\":\"LED desk lamp\",\"price\":29}"), Token);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var reread = await client.GetFromJsonAsync($"/item/{item.Id}", SampleAppJsonContext.Default.Item, Token);
        Assert.Equal(new Item(item.Id, "LED desk lamp", 29m, null), reread);
        Assert.Contains(reread, await GetItemsAsync(client, "/item"));

        using var deleted = await client.DeleteAsync($"/item/{item.Id}", Token);
        using var readDeleted = await client.GetAsync($"/item/{item.Id}", Token);
        using var deleteAgain = await client.DeleteAsync($"/item/{item.Id}", Token);
        using var updateMissing = await client.PutAsync($"/item/{item.Id}", Json("{\"name\":\"x\",\"price\":1}"), Token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readDeleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleteAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, updateMissing.StatusCode);
        Assert.Contains($"Item {item.Id} was not found", await readDeleted.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_InvalidItem_Returns400NamingEachField()
    {
        await using var app = await SampleAppProcess.StartAsync("2.0.0", cancellationToken: Token);
        using var client = Client(app);

        using var missing = await client.PostAsync("/item", Json("{\"category\":\"" + new string('c', 51) + "\"}"), Token);
        using var outOfRange = await client.PostAsync("/item", Json("{\"name\":\"" + new string('n', 101) + "\",\"price\":-1}"), Token);
        using var malformed = await client.PostAsync("/item", Json("{\"name\":\"x\",\"price\":\"cheap\"}"), Token);
        using var empty = await client.PostAsync("/item", Json(""), Token);

        var missingError = await missing.Content.ReadFromJsonAsync(SampleAppJsonContext.Default.ErrorResponse, Token);
        var rangeError = await outOfRange.Content.ReadFromJsonAsync(SampleAppJsonContext.Default.ErrorResponse, Token);
        var malformedError = await malformed.Content.ReadFromJsonAsync(SampleAppJsonContext.Default.ErrorResponse, Token);
        Assert.All(new[] { missing, outOfRange, malformed, empty }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal("name is required.", missingError?.Details?["name"]);
        Assert.Equal("price is required.", missingError?.Details?["price"]);
        Assert.Equal("category must be at most 50 characters.", missingError?.Details?["category"]);
        Assert.Equal("name must be at most 100 characters.", rangeError?.Details?["name"]);
        Assert.Equal("price must be between 0 and 1000000.", rangeError?.Details?["price"]);
        Assert.Contains("$.price", malformedError?.Error, StringComparison.Ordinal);
        Assert.Equal(6, (await GetItemsAsync(client, "/item")).Count);
    }

    [Fact]
    public async Task Slow_MsInAndOutOfRange_WaitsOrReturns400()
    {
        await using var app = await SampleAppProcess.StartAsync("1.0.0", name: "s1", cancellationToken: Token);
        using var client = Client(app);

        var started = TimeProvider.System.GetTimestamp();
        var slept = await client.GetFromJsonAsync("/slow?ms=200", SampleAppJsonContext.Default.SlowResponse, Token);
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        using var tooLong = await client.GetAsync("/slow?ms=30001", Token);
        using var notANumber = await client.GetAsync("/slow?ms=abc", Token);

        Assert.Equal(new SlowResponse(200, "1.0.0", "s1"), slept);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(190), $"answered after {elapsed}");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
    }

    private static HttpClient Client(SampleAppProcess app) =>
        new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = app.BaseAddress, Timeout = s_requestTimeout };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<IReadOnlyList<Item>> GetItemsAsync(HttpClient client, string path) =>
        await client.GetFromJsonAsync(path, SampleAppJsonContext.Default.IReadOnlyListItem, Token) ?? [];
}
