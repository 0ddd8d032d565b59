using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BlueGreen.Core.Lab;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Faults;

// What the kill tests judge by: what the dashboard has stored (read through its REST API), what an outside client of
// the lab's service saw, and which lab processes run (read from /proc).
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

    /// <summary>
    /// An outside client of the lab's service, not the dashboard's load generator (that one dies with the dashboard):
    /// GET <c>/item</c> through the front end at a constant rate (open model: a request is due at its time whether or
    /// not the last one answered), every answer kept with the time it was due, so a test counts failures per window
    /// (before the kill, while the dashboard is dead, while it restarts, after). Stops by itself after
    /// <c>maxDuration</c>.
    /// </summary>
    private sealed class FrontEndClient : IAsyncDisposable
    {
        // The rate times the request timeout: a request is failed by its timeout before the cap is reached, so a slow
        // front end shows as latency or timeouts, not as requests the client could not send.
        private const int MaxInFlight = 1000;
        private readonly HttpClient _http;
        private readonly Uri _url;
        private readonly int _rate;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<Answer> _answers = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _inFlight;

        private FrontEndClient(Uri url, int rate, TimeSpan maxDuration)
        {
            _url = url;
            _rate = rate;
            // No retries, redirects or proxy: a failure must be seen. A dead front end refuses at once; 2 s catches a hang.
            _http = new HttpClient(new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(1),
                MaxConnectionsPerServer = MaxInFlight,
            })
            { Timeout = TimeSpan.FromSeconds(2) };
            _loop = Task.Run(() => PaceAsync(maxDuration));
        }

        /// <summary>Milliseconds since the client started: the clock of <see cref="Count"/>'s windows.</summary>
        public double Now => _clock.Elapsed.TotalMilliseconds;

        public static FrontEndClient Start(string frontEnd, int ratePerSecond, TimeSpan maxDuration)
            => new(new Uri(frontEnd.TrimEnd('/') + "/item"), ratePerSecond, maxDuration);

        /// <summary>What the requests due in [<paramref name="from"/>, <paramref name="to"/>) ms got.</summary>
        public Window Count(string name, double from, double to)
        {
            List<Answer> answers;
            lock (_answers)
            {
                answers = _answers.Where(a => a.DueMs >= from && a.DueMs < to).ToList();
            }
            var failed = answers.Where(a => !a.Ok).ToList();
            return new Window(
                name, to - from, answers.Count, answers.Count - failed.Count, failed.Count,
                failed.Count == 0 ? 0 : failed.Min(a => a.DueMs) - from,
                failed.Count == 0 ? 0 : failed.Max(a => a.DueMs) - failed.Min(a => a.DueMs),
                answers.Count == 0 ? 0 : answers.Max(a => a.LatencyMs),
                string.Join(", ", failed.GroupBy(a => a.What).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} x{g.Count()}")),
                string.Join(", ", answers.Where(a => a.Version is not null).Select(a => a.Version).Distinct().Order()));
        }

        /// <summary>Stops sending and waits (bounded by the request timeout) for the answers still on their way.</summary>
        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
            for (var i = 0; i < 100 && Volatile.Read(ref _inFlight) > 0; i++)
            {
                await Task.Delay(50);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _http.Dispose();
            _stop.Dispose();
        }

        private async Task PaceAsync(TimeSpan maxDuration)
        {
            long sent = 0;
            while (!_stop.IsCancellationRequested && _clock.Elapsed < maxDuration)
            {
                var due = (long)(_clock.Elapsed.TotalSeconds * _rate);
                for (; sent < due; sent++)
                {
                    var dueMs = sent * 1000.0 / _rate;
                    if (Volatile.Read(ref _inFlight) >= MaxInFlight)
                    {
                        Keep(new Answer(dueMs, false, $"unsent ({MaxInFlight} in flight)", null, 0));
                        continue;
                    }
                    Interlocked.Increment(ref _inFlight);
                    _ = SendAsync(dueMs);
                }
                try
                {
                    await Task.Delay(2, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        private async Task SendAsync(double dueMs)
        {
            try
            {
                using var response = await _http.GetAsync(_url, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                var version = response.Headers.TryGetValues("X-App-Version", out var values) ? values.FirstOrDefault() : null;
                Keep(new Answer(dueMs, response.IsSuccessStatusCode, response.IsSuccessStatusCode ? "" : $"HTTP {(int)response.StatusCode}", version, Now - dueMs));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                var what = ex is TaskCanceledException ? "timeout"
                    : ex is HttpRequestException { HttpRequestError: var error } && error != HttpRequestError.Unknown ? error.ToString()
                    : ex.GetType().Name;
                Keep(new Answer(dueMs, false, what, null, Now - dueMs));
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private void Keep(Answer answer)
        {
            lock (_answers)
            {
                _answers.Add(answer);
            }
        }

        /// <summary>One request: when it was due, how it ended, the version that answered, and its latency from the due
        /// time (so a stalled front end shows, not hidden by a late send).</summary>
        private sealed record Answer(double DueMs, bool Ok, string What, string? Version, double LatencyMs);
    }

    /// <summary>The outside client's requests due in one window of the test. <c>FirstFailureMs</c> is when the first
    /// failed request was due, from the window's start; <c>FailureSpanMs</c> the time from the first failed request to
    /// the last one (how long the front end was seen down).</summary>
    private sealed record Window(string Name, double Ms, int Requests, int Ok, int Failed, double FirstFailureMs, double FailureSpanMs,
        double MaxLatencyMs, string Failures, string Versions)
    {
        public override string ToString()
            => FormattableString.Invariant($"{Name}: {Ms / 1000:0.0} s, {Requests} requests, {Ok} ok, {Failed} failed")
               + (Failed > 0 ? FormattableString.Invariant($" from {FirstFailureMs / 1000:0.0} s in, over {FailureSpanMs:0} ms ({Failures})") : "")
               + FormattableString.Invariant($"; max latency {MaxLatencyMs:0} ms; versions {Versions}");
    }

    /// <summary>
    /// The processes alive now whose working folder is <paramref name="labFolder"/> (the lab starts every sample
    /// service and its haproxy there), each with its start time from /proc: found by folder, not from the pid file, so
    /// a process the file missed is found too, and a pid reused later is not taken for the one seen now.
    /// </summary>
    private static Dictionary<int, long> ProcessesIn(string labFolder)
    {
        var found = new Dictionary<int, long>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                if (File.ResolveLinkTarget(Path.Combine(dir, "cwd"), returnFinalTarget: false)?.FullName == labFolder
                    && StartTime(pid) is { } started)
                {
                    found[pid] = started;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's.
            }
        }
        return found;
    }

    /// <summary>The process's start time (clock ticks after boot, /proc/pid/stat field 22), or null when it is gone or
    /// has exited and waits to be reaped (a zombie holds no port and serves nothing).</summary>
    private static long? StartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // After "pid (comm) ": field 3 (state) onwards; comm may hold spaces, so split after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields[0] is "Z" or "X" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
    }

    private static string CommandLine(int pid) => Posix.CommandLine(pid) ?? "(gone)";
}
