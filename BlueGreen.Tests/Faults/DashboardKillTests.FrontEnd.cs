using System.Diagnostics;

namespace BlueGreen.Tests.Faults;

public sealed partial class DashboardKillTests
{
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
}
