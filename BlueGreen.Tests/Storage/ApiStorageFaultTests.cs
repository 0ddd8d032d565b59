using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Storage;

/// <summary>
/// The REST API when the data file cannot be written (a real full tmpfs under the real dashboard host): the caller
/// gets a 503 problem naming the file and saying what to do, nothing half-stored, and the next call after space is
/// back works without a restart.
/// </summary>
public sealed class ApiStorageFaultTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Experiment = """
        {"name":"disk","environment":"test","levels":[{"name":"low","ratePerClient":10,"clients":1,"durationSeconds":2}],
         "scenarios":[{"kind":"None"}],"repetitions":1,"cooldownSeconds":0,"baselineVersion":"1.0.0"}
        """;

    [Fact]
    public async Task DiskFull_ApiWrite_503NamingTheFileAndTheFix_NothingHalfStored_WorksOnceSpaceIsBack()
    {
        using var disk = SmallDisk.Mount(kilobytes: 32 * 1024);
        // Nothing listens on the environment's runtime API: the experiment's run fails later, which is not what is tested.
        await using var dashboard = TestDashboard.Start($"tcp://127.0.0.1:{Integration.FreePort()}", "http://127.0.0.1:1/", "127.0.0.1:1", "127.0.0.1:2",
            new Dictionary<string, string?>
            {
                ["BlueGreen:DataFolder"] = disk.Folder,
                ["BlueGreen:Environments:0:Deployment:RequireApproval"] = "false",
            });
        using (var list = await dashboard.Client.GetAsync("/api/experiments", Ct).WaitAsync(s_patience, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        Assert.True(disk.Fill() > 0);
        using var refused = await PostAsync(dashboard, Experiment);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var file = Path.Combine(disk.Folder, "bluegreen.db");
        Assert.Equal(file, problem.GetProperty("file").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(file, detail, StringComparison.Ordinal);
        Assert.Contains("No space left on device", detail, StringComparison.Ordinal); // the kernel's ENOSPC, not a made-up error

        disk.Free();
        using var accepted = await PostAsync(dashboard, Experiment);
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync(Ct));
        using var after = await dashboard.Client.GetAsync("/api/experiments", Ct).WaitAsync(s_patience, Ct);
        var stored = (await after.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray().ToList();
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        Assert.Equal([id], stored.Select(e => e.GetProperty("id").GetString()));
    }

    private static Task<HttpResponseMessage> PostAsync(TestDashboard dashboard, string json)
        => dashboard.Client.PostAsync("/api/experiments", new StringContent(json, Encoding.UTF8, "application/json"), Ct).WaitAsync(s_patience, Ct);
}
