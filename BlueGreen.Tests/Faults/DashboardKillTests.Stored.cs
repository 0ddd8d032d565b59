using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Faults;

public sealed partial class DashboardKillTests
{
    /// <summary>
    /// Everything the dashboard has stored, read through its REST API (docs/api.md) as a client would: one text per
    /// item (its JSON, or a CSV row), keyed by kind and id, so two readings compare item by item. Kinds: deployment,
    /// log (a deployment's log line), event, loadtest, second (a load test's stored second, per client too), run (an
    /// experiment's run), audit.
    /// </summary>
    private sealed class Stored
    {
        private static readonly string[] s_finalDeploymentStates = ["Succeeded", "RolledBack", "Failed", "Aborted", "Interrupted", "Resolved"];
        private static readonly string[] s_finalLoadTestStates = ["Completed", "Stopped", "Failed", "Interrupted"];
        private static readonly string[] s_finalRunStates = ["Completed", "Failed", "Interrupted", "Cancelled"];

        public Dictionary<string, string> Items { get; } = new(StringComparer.Ordinal);

        /// <summary>Items that can no longer change (ended work, log lines, events, stored seconds, audit entries): they
        /// must come back exactly as they were.</summary>
        public HashSet<string> Finished { get; } = new(StringComparer.Ordinal);

        public int Count(string kind) => Items.Keys.Count(k => k.StartsWith(kind + "/", StringComparison.Ordinal));

        public int CompletedRuns => Items.Count(i => i.Key.StartsWith("run/", StringComparison.Ordinal)
            && JsonDocument.Parse(i.Value).RootElement.GetProperty("state").GetString() == "Completed");

        public override string ToString()
            => $"{Count("deployment")} deployments, {Count("log")} log lines, {Count("event")} events, {Count("loadtest")} load tests " +
               $"with {Count("second")} stored seconds (rows per client included), {Count("run")} experiment runs ({CompletedRuns} completed), " +
               $"{Count("audit")} audit entries";

        public static async Task<Stored> ReadAsync(HttpClient api, HttpClient admin)
        {
            var stored = new Stored();
            foreach (var deployment in await ListAsync(api, "/api/deployments?limit=500"))
            {
                var id = deployment.GetProperty("id").GetString()!;
                stored.Add($"deployment/{id}", deployment, s_finalDeploymentStates.Contains(deployment.GetProperty("state").GetString()));
                foreach (var line in await ListAsync(api, $"/api/deployments/{id}/log"))
                {
                    stored.Add($"log/{id}/{line.GetProperty("id")}", line, finished: true);
                }
                foreach (var e in await ListAsync(api, $"/api/deployments/{id}/events"))
                {
                    stored.Add($"event/{id}/{e.GetProperty("id")}", e, finished: true);
                }
            }
            foreach (var item in await ListAsync(api, "/api/loadtests?limit=500"))
            {
                var id = item.GetProperty("id").GetString()!;
                var details = await api.GetFromJsonAsync<JsonElement>($"/api/loadtests/{id}", Ct);
                stored.Add($"loadtest/{id}", details, s_finalLoadTestStates.Contains(details.GetProperty("state").GetString()));
                var rows = (await api.GetStringAsync($"/api/loadtests/{id}/samples.csv?clients=true", Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(BlueGreen.Core.LoadTesting.LoadTestCsv.Header, rows[0]);
                foreach (var row in rows.Skip(1))
                {
                    // Keyed by second and client; the phase column (5th) is left out: it is derived from the test's
                    // deployment markers, which an interrupted test gains when the restart summarises it.
                    var cells = row.Split(',');
                    stored.Add($"second/{id}/{cells[0]}/{cells[1]}", string.Join(',', cells.Take(4).Concat(cells.Skip(5))), finished: true);
                }
            }
            foreach (var item in await ListAsync(api, "/api/experiments?limit=500"))
            {
                var id = item.GetProperty("id").GetString()!;
                var experiment = await api.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}", Ct);
                foreach (var run in experiment.GetProperty("runs").EnumerateArray())
                {
                    stored.Add($"run/{id}/{run.GetProperty("index")}", run, s_finalRunStates.Contains(run.GetProperty("state").GetString()));
                }
            }
            foreach (var entry in await ListAsync(admin, "/api/audit?limit=100000"))
            {
                stored.Add($"audit/{entry.GetProperty("id")}", entry, finished: true);
            }
            return stored;
        }

        /// <summary>Nothing stored before is missing after, and nothing finished changed.</summary>
        public static void AssertNothingLost(Stored before, Stored after)
        {
            foreach (var (key, text) in before.Items)
            {
                Assert.True(after.Items.TryGetValue(key, out var now), $"{key} was stored before the kill and is missing after the restart.\nBefore: {before}\nAfter: {after}");
                if (before.Finished.Contains(key))
                {
                    Assert.True(text == now, $"{key} changed across the kill and restart.\nBefore: {text}\nAfter:  {now}");
                }
            }
        }

        private void Add(string key, JsonElement item, bool finished) => Add(key, item.GetRawText(), finished);

        private void Add(string key, string text, bool finished)
        {
            Assert.True(Items.TryAdd(key, text), $"{key} was listed twice");
            if (finished)
            {
                Finished.Add(key);
            }
        }

        private static async Task<List<JsonElement>> ListAsync(HttpClient client, string path)
            => (await client.GetFromJsonAsync<JsonElement>(path, Ct)).EnumerateArray().ToList();
    }

    /// <summary>The audit trail is for a signed-in Admin only (no token may read it): signs in as <c>admin</c> through
    /// the sign-in form, as a browser would, and returns a client carrying the cookie.</summary>
    private static async Task<HttpClient> SignInAdminAsync(DashboardProcess dashboard)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseProxy = false })
        {
            BaseAddress = new Uri(dashboard.BaseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var form = await client.GetStringAsync("/login", Ct);
        var antiforgery = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(antiforgery.Success, $"No antiforgery token on the sign-in page:\n{form}");
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
            ["_handler"] = "signin",
            ["Form.Name"] = "admin",
            ["Form.Password"] = TestAccess.Password,
        }), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in as admin answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return client;
    }
}
