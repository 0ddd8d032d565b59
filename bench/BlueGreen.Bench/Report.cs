using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BlueGreen.Bench;

/// <summary>One measured run as bench/run.sh recorded it, parsed from whichever tool produced it.</summary>
internal sealed record RunRow
{
    public required string Name { get; init; }
    public required string Measurement { get; init; }
    public required string Target { get; init; }
    public required string Tool { get; init; }
    public required string Param { get; init; }
    public required int Rep { get; init; }

    /// <summary>Successful (2xx/3xx) responses per second.</summary>
    public double? OkPerSecond { get; init; }
    /// <summary>Requests sent per second (open model: the achieved rate).</summary>
    public double? SentPerSecond { get; init; }
    public double? RateErrorPercent { get; init; }
    /// <summary>Bucket furthest from the requested rate, signed, and the bucket length it was measured on.</summary>
    public double? WorstBucketPercent { get; init; }
    public int? BucketSeconds { get; init; }
    public double? LatencyP50Ms { get; init; }
    public double? LatencyP99Ms { get; init; }
    public double? LatencyMaxMs { get; init; }
    public double? ServiceP99Ms { get; init; }
    public double? LagP50Ms { get; init; }
    public double? LagP99Ms { get; init; }
    public double? LagMaxMs { get; init; }
    public long Requests { get; init; }
    public long Errors { get; init; }
    /// <summary>Not sent: the generator's in-flight cap, httperf's fd-unavail, or requests a tool skipped.</summary>
    public long Unsent { get; init; }
    /// <summary>Tool CPU seconds per wall second (ours: measured window only; others: whole process).</summary>
    public double? ToolCores { get; init; }
    public double? CpuMicrosecondsPerRequest { get; init; }
    public double? BytesPerRequest { get; init; }
    public string? Gcs { get; init; }
    public double? TargetCores { get; init; }
    /// <summary>CPU used by everything else on the machine during the run (other sessions, the kernel's own work...).</summary>
    public double? OtherCores { get; init; }
    public double? LoadAverage { get; init; }
    public IReadOnlyList<SecondResult>? Seconds { get; init; }
    public string? Note { get; init; }
}

/// <summary>`BlueGreen.Bench report DIR`: reads bench/run.sh's raw outputs and writes results.md and summary.json.</summary>
internal static partial class Report
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static int Run(string dir)
    {
        var runsDir = Path.Combine(dir, "runs");
        var machine = File.ReadAllLines(Path.Combine(dir, "machine.txt"))
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
        var rows = new List<RunRow>();
        foreach (var line in File.ReadAllLines(Path.Combine(dir, "index.tsv")).Skip(1))
        {
            var f = line.Split('\t');
            if (f.Length < 6)
            {
                continue;
            }
            try
            {
                rows.Add(Parse(runsDir, f[0], f[1], f[2], f[3], f[4], int.Parse(f[5], s_inv)));
            }
            catch (Exception ex) when (ex is IOException or FormatException or JsonException or InvalidOperationException)
            {
                Console.Error.WriteLine($"report: cannot read run {f[0]}: {ex.Message}");
            }
        }
        var md = Markdown(rows, machine);
        File.WriteAllText(Path.Combine(dir, "results.md"), md);
        File.WriteAllText(Path.Combine(dir, "summary.json"), JsonSerializer.Serialize(new { machine, runs = rows.Select(r => r with { Seconds = r.Tool.StartsWith("ours", StringComparison.Ordinal) && r.Measurement == "m3" ? r.Seconds : null }) }, BenchJson.Options));
        Console.WriteLine(md);
        return 0;
    }

    // --- parsing -------------------------------------------------------------------------------------------------

    private static RunRow Parse(string dir, string name, string measurement, string target, string tool, string param, int rep)
    {
        var meta = File.ReadAllLines(Path.Combine(dir, name + ".meta")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var wall = D(meta["wall"]);
        var hz = D(meta["hz"]);
        var busy = D(meta["busy_jiffies"]) / hz / wall;
        var targetCores = D(meta["target_jiffies"]) / hz / wall;
        var time = File.ReadAllText(Path.Combine(dir, name + ".time")).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        // /usr/bin/time may prefix "Command exited with non-zero status N"; the last three fields are ours.
        var (timeWall, timeCpu) = time.Length >= 3 ? (D(time[^3]), D(time[^2]) + D(time[^1])) : (wall, 0.0);
        var text = File.ReadAllText(Path.Combine(dir, name + ".out"));
        var row = tool switch
        {
            "wrk" => ParseWrk(text),
            "hey" => ParseHey(text),
            "httperf" => ParseHttperf(text, D(param)),
            "jitter" => ParseJitter(Path.Combine(dir, name + ".json")),
            _ => ParseOurs(Path.Combine(dir, name + ".json")),
        };
        row = row with
        {
            Name = name,
            Measurement = measurement,
            Target = target,
            Tool = tool,
            Param = param,
            Rep = rep,
            TargetCores = targetCores,
            OtherCores = Math.Max(0, busy - timeCpu / wall - targetCores),
            LoadAverage = D(meta["loadavg"]),
        };
        if (row.ToolCores is null && timeWall > 0)
        {
            row = row with
            {
                ToolCores = timeCpu / timeWall,
                CpuMicrosecondsPerRequest = row.Requests > 0 ? timeCpu * 1e6 / row.Requests : null,
            };
        }
        return row;
    }

    private static RunRow ParseOurs(string jsonFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(jsonFile));
        var r = doc.RootElement;
        double? Get(JsonElement e, params string[] path)
        {
            foreach (var p in path)
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e))
                {
                    return null;
                }
            }
            return e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;
        }
        var seconds = r.TryGetProperty("seconds", out var s) ? s.Deserialize<List<SecondResult>>(BenchJson.Options) : null;
        var hasLag = (Get(r, "sendLag", "matched") ?? 0) > 0;
        var cost = r.GetProperty("cost");
        return Empty with
        {
            OkPerSecond = Get(r, "okPerSecond"),
            SentPerSecond = Get(r, "sendLag", "achievedRate") ?? Get(r, "sentPerSecond"),
            RateErrorPercent = Get(r, "sendLag", "achievedRateErrorPercent"),
            WorstBucketPercent = Get(r, "sendLag", "worstSecondErrorPercent"),
            BucketSeconds = r.TryGetProperty("sendLag", out _) ? 1 : null,
            LatencyP50Ms = Get(r, "latency", "p50Ms"),
            LatencyP99Ms = Get(r, "latency", "p99Ms"),
            LatencyMaxMs = Get(r, "latency", "maxMs"),
            ServiceP99Ms = Get(r, "serviceTime", "p99Ms"),
            // Over the measured seconds without unsent requests (see Program.SendLagOf).
            LagP50Ms = hasLag ? Get(r, "sendLag", "p50Ms") : null,
            LagP99Ms = hasLag ? Get(r, "sendLag", "p99Ms") : null,
            LagMaxMs = hasLag ? Get(r, "sendLag", "maxMs") : null,
            Requests = (long)(Get(r, "sent") ?? 0),
            Errors = (long)(Get(r, "failed") ?? 0),
            Unsent = (long)(Get(r, "unsent") ?? 0),
            ToolCores = Get(cost, "cores"),
            CpuMicrosecondsPerRequest = Get(cost, "cpuMicrosecondsPerRequest"),
            BytesPerRequest = Get(cost, "bytesPerRequest"),
            Gcs = $"{Get(cost, "gen0")}/{Get(cost, "gen1")}/{Get(cost, "gen2")}",
            Seconds = seconds,
        };
    }

    private static RunRow ParseJitter(string jsonFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(jsonFile));
        var r = doc.RootElement;
        return Empty with
        {
            LatencyP50Ms = r.GetProperty("gapP50Ms").GetDouble(),
            LatencyP99Ms = r.GetProperty("gapP99Ms").GetDouble(),
            LatencyMaxMs = r.GetProperty("gapMaxMs").GetDouble(),
            Requests = r.GetProperty("wakeUps").GetInt64(),
        };
    }

    private static RunRow ParseWrk(string text)
    {
        double? Pct(string p) => Match(text, $@"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$") is { } m ? Ms(m) : null;
        var requests = Match(text, @"(\d+) requests in") is { } rq ? long.Parse(rq.Groups[1].Value, s_inv) : 0;
        var non2xx = Match(text, @"Non-2xx or 3xx responses: (\d+)") is { } n ? long.Parse(n.Groups[1].Value, s_inv) : 0;
        long socket = 0;
        if (Match(text, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)") is { } se)
        {
            socket = Enumerable.Range(1, 4).Sum(i => long.Parse(se.Groups[i].Value, s_inv));
        }
        var rps = Match(text, @"Requests/sec:\s+([\d.]+)") is { } r ? D(r.Groups[1].Value) : (double?)null;
        return Empty with
        {
            OkPerSecond = rps is { } x && requests > 0 ? x * (requests - non2xx) / requests : rps,
            SentPerSecond = rps,
            LatencyP50Ms = Pct("50"),
            LatencyP99Ms = Pct("99"),
            LatencyMaxMs = Match(text, @"^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)") is { } mx ? Ms(mx) : null,
            Requests = requests,
            Errors = non2xx + socket,
        };
    }

    private static RunRow ParseHey(string text)
    {
        double? Pct(string p) => Match(text, $@"^\s+{p}% in ([\d.]+) secs") is { } m ? D(m.Groups[1].Value) * 1000 : null;
        long ok = 0, other = 0;
        foreach (Match m in Regex.Matches(text, @"^\s+\[(\d{3})\]\s+(\d+) responses", RegexOptions.Multiline))
        {
            var n = long.Parse(m.Groups[2].Value, s_inv);
            if (m.Groups[1].Value[0] is '2' or '3')
            {
                ok += n;
            }
            else
            {
                other += n;
            }
        }
        var errors = text.Contains("Error distribution:", StringComparison.Ordinal)
            ? Regex.Matches(text[text.IndexOf("Error distribution:", StringComparison.Ordinal)..], @"^\s+\[(\d+)\]", RegexOptions.Multiline).Sum(m => long.Parse(m.Groups[1].Value, s_inv))
            : 0;
        var rps = Match(text, @"Requests/sec:\s+([\d.]+)") is { } r ? D(r.Groups[1].Value) : (double?)null;
        var total = ok + other + errors;
        return Empty with
        {
            OkPerSecond = rps is { } x && total > 0 ? x * ok / total : rps,
            SentPerSecond = rps,
            LatencyP50Ms = Pct("50"),
            LatencyP99Ms = Pct("99"),
            LatencyMaxMs = Match(text, @"Slowest:\s+([\d.]+) secs") is { } s ? D(s.Groups[1].Value) * 1000 : null,
            Requests = total,
            Errors = other + errors,
        };
    }

    private static RunRow ParseHttperf(string text, double rate)
    {
        var total = Match(text, @"Total: connections (\d+) requests (\d+) replies (\d+) test-duration ([\d.]+) s");
        if (total is null)
        {
            // Killed after hanging past its time limit: httperf printed nothing (its output is buffered).
            return Empty with { Note = "no report: hung, killed" };
        }
        var requests = long.Parse(total.Groups[2].Value, s_inv);
        var replies = long.Parse(total.Groups[3].Value, s_inv);
        var duration = D(total.Groups[4].Value);
        var requestRate = Match(text, @"Request rate: ([\d.]+) req/s") is { } rr ? D(rr.Groups[1].Value) : 0;
        var status2xx = Match(text, @"Reply status: 1xx=\d+ 2xx=(\d+) 3xx=(\d+)") is { } st ? long.Parse(st.Groups[1].Value, s_inv) + long.Parse(st.Groups[2].Value, s_inv) : replies;
        var errors = Match(text, @"Errors: total (\d+)") is { } e ? long.Parse(e.Groups[1].Value, s_inv) : 0;
        var fdUnavail = Match(text, @"Errors: fd-unavail (\d+)") is { } fd ? long.Parse(fd.Groups[1].Value, s_inv) : 0;
        double? worst = null;
        if (Match(text, @"Reply rate \[replies/s\]: min ([\d.]+) avg [\d.]+ max ([\d.]+) stddev [\d.]+ \((\d+) samples\)") is { } rep && int.Parse(rep.Groups[3].Value, s_inv) > 0)
        {
            var lo = (D(rep.Groups[1].Value) - rate) / rate * 100;
            var hi = (D(rep.Groups[2].Value) - rate) / rate * 100;
            worst = Math.Abs(lo) >= Math.Abs(hi) ? lo : hi;
        }
        double? cpu = Match(text, @"CPU time \[s\]: user ([\d.]+) system ([\d.]+)") is { } c ? D(c.Groups[1].Value) + D(c.Groups[2].Value) : null;
        return Empty with
        {
            OkPerSecond = duration > 0 ? status2xx / duration : null,
            SentPerSecond = requestRate,
            RateErrorPercent = (requestRate - rate) / rate * 100,
            WorstBucketPercent = worst,
            BucketSeconds = worst is null ? null : 5,
            // httperf reports means only: reply time = request sent to first reply byte; connection time = the
            // whole connection (connect + request + reply), the closest it has to a latency.
            LatencyP50Ms = Match(text, @"Connection time \[ms\]: min [\d.]+ avg [\d.]+ max [\d.]+ median ([\d.]+)") is { } md ? D(md.Groups[1].Value) : null,
            LatencyMaxMs = Match(text, @"Connection time \[ms\]: min [\d.]+ avg [\d.]+ max ([\d.]+)") is { } mx ? D(mx.Groups[1].Value) : null,
            Requests = requests,
            Errors = errors - fdUnavail,
            Unsent = fdUnavail,
            ToolCores = cpu is { } u && duration > 0 ? u / duration : null,
            CpuMicrosecondsPerRequest = cpu is { } v && requests > 0 ? v * 1e6 / requests : null,
        };
    }

    private static RunRow Empty => new() { Name = "", Measurement = "", Target = "", Tool = "", Param = "", Rep = 0 };

    private static Match? Match(string text, string pattern)
    {
        var m = Regex.Match(text, pattern, RegexOptions.Multiline);
        return m.Success ? m : null;
    }

    private static double Ms(Match m) => D(m.Groups[1].Value) * m.Groups[2].Value switch { "us" => 0.001, "ms" => 1, _ => 1000 };

    private static double D(string s) => double.Parse(s, NumberStyles.Float, s_inv);

    // --- tables --------------------------------------------------------------------------------------------------

    private static double? Median(IEnumerable<double?> values)
    {
        var v = values.Where(x => x is not null).Select(x => x!.Value).Order().ToArray();
        if (v.Length == 0)
        {
            return null;
        }
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private static string F(double? v, string format = "0") => v is { } x ? x.ToString(format, s_inv) : "–";

    private static string Signed(double? v, string format = "+0.00;-0.00;0.00") => v is { } x ? x.ToString(format, s_inv) : "–";

    private static string Range(IEnumerable<double?> values, string format = "0")
    {
        var v = values.Where(x => x is not null).Select(x => x!.Value).ToArray();
        return v.Length == 0 ? "–" : $"{v.Min().ToString(format, s_inv)}–{v.Max().ToString(format, s_inv)}";
    }

    private static string Verdict(bool met) => met ? "**met**" : "**missed**";

    private static string Markdown(List<RunRow> rows, Dictionary<string, string> m)
    {
        var sb = new StringBuilder();
        string Get(string k) => m.TryGetValue(k, out var v) ? v : "?";
        sb.AppendLine(CultureInfo.InvariantCulture, $"Run of {Get("date")} ({Get("settings")}).");
        sb.AppendLine();
        sb.AppendLine("| machine | |");
        sb.AppendLine("| --- | --- |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {Get("cpu")}, {Get("nproc")} cores (nproc) |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| memory | {Get("memory")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| OS, kernel | {Get("os")}, {Get("kernel")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| priority | nice {Get("nice")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| .NET | SDK {Get("dotnet_sdk")}, runtime {Get("dotnet_runtime")} (workstation GC, defaults) |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| tools | wrk {Get("wrk")}, hey {Get("hey")}, httperf {Get("httperf")}, HAProxy {Get("haproxy")} ({Get("haproxy_threads")} threads) |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| load average | {Get("loadavg_start")} at the start, {Get("loadavg_end")} at the end |");
        if (Get("hey_note") is { Length: > 0 } note && note != "?")
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| note | {note} |");
        }
        sb.AppendLine();

        // 1. throughput
        foreach (var target in new[] { "haproxy", "sampleapp" })
        {
            var set = rows.Where(r => r.Measurement == "m1" && r.Target == target).ToList();
            if (set.Count == 0)
            {
                continue;
            }
            sb.AppendLine(CultureInfo.InvariantCulture, $"#### 1. Raw throughput, closed loop, 50 connections — {(target == "haproxy" ? "HAProxy fixed answer" : "sample app `/item/1`")}");
            sb.AppendLine();
            sb.AppendLine("| tool | runs | median ok/s | range | ours ÷ tool (paired median) | tool CPU, cores | CPU µs / request | target CPU, cores | others' CPU, cores | errors |");
            sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            var ours = set.Where(r => r.Tool == "ours").ToList();
            var oursMedian = Median(ours.Select(r => r.OkPerSecond));
            foreach (var tool in new[] { "ours", "raw", "ours-httpclient", "raw-httpclient", "wrk", "hey" })
            {
                var t = set.Where(r => r.Tool == tool).ToList();
                if (t.Count == 0)
                {
                    continue;
                }
                var median = Median(t.Select(r => r.OkPerSecond));
                var paired = Median(t.Select(r => ours.FirstOrDefault(o => o.Rep == r.Rep)?.OkPerSecond / r.OkPerSecond));
                var ratio = tool == "ours" ? "1" : $"{F(oursMedian / median, "0.00")} ({F(paired, "0.00")})";
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {ToolName(tool)} | {t.Count} | {F(median)} | {Range(t.Select(r => r.OkPerSecond))} | {ratio} | {F(Median(t.Select(r => r.ToolCores)), "0.00")} | {F(Median(t.Select(r => r.CpuMicrosecondsPerRequest)), "0.0")} | {F(Median(t.Select(r => r.TargetCores)), "0.00")} | {F(Median(t.Select(r => r.OtherCores)), "0.00")} | {t.Sum(r => r.Errors)} |");
            }
            if (target == "haproxy")
            {
                var wrk = Median(set.Where(r => r.Tool == "wrk").Select(r => r.OkPerSecond));
                var hey = Median(set.Where(r => r.Tool == "hey").Select(r => r.OkPerSecond));
                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture, $"Targets: ours ≥ 0.75 × wrk: {F(oursMedian / wrk, "0.00")} × — {Verdict(oursMedian / wrk >= 0.75)}; ours ≥ 1.3 × hey: {(hey is null ? "hey not run" : $"{F(oursMedian / hey, "0.00")} × — {Verdict(oursMedian / hey >= 1.3)}")}.");
            }
            sb.AppendLine();
        }

        // 2. rate accuracy
        var m2 = rows.Where(r => r.Measurement == "m2").ToList();
        if (m2.Count > 0)
        {
            sb.AppendLine("#### 2. Rate accuracy, open model, against HAProxy (medians over the runs)");
            sb.AppendLine();
            sb.AppendLine("| requested/s | tool | runs | achieved/s | error % | worst bucket % | send lag p50 / p99 / max, ms | latency p50 / p99 / max, ms | unsent, median (max) | errors | tool CPU, cores | others' CPU, cores | runs meeting: rate / buckets / lag / none unsent |");
            sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var rate in m2.Where(r => r.Tool != "jitter").Select(r => r.Param).Distinct().OrderBy(p => D(p)))
            {
                foreach (var tool in new[] { "ours", "httperf" })
                {
                    var t = m2.Where(r => r.Param == rate && r.Tool == tool).ToList();
                    if (t.Count == 0)
                    {
                        continue;
                    }
                    var met = tool == "ours"
                        ? $"{t.Count(r => r.RateErrorPercent is { } e && Math.Abs(e) <= 0.5)} / {t.Count(r => r.WorstBucketPercent is { } w && Math.Abs(w) <= 2)} / {t.Count(r => r.LagP99Ms <= 2)} / {t.Count(r => r.Unsent == 0)} of {t.Count}"
                        : "–";
                    var hung = t.Count(r => r.Note is not null);
                    var runs = hung > 0 ? $"{t.Count} ({hung} hung, no report)" : t.Count.ToString(s_inv);
                    var bucket = t.Any(r => r.BucketSeconds == 5) ? " (5-s samples)" : t.Any(r => r.BucketSeconds == 1) ? " (1-s)" : "";
                    sb.AppendLine(CultureInfo.InvariantCulture,
                        $"| {rate} | {ToolName(tool)} | {runs} | {F(Median(t.Select(r => r.SentPerSecond)), "0.0")} | {Signed(Median(t.Select(r => r.RateErrorPercent)))} | {Signed(Median(t.Select(r => r.WorstBucketPercent)))}{bucket} | {F(Median(t.Select(r => r.LagP50Ms)), "0.00")} / {F(Median(t.Select(r => r.LagP99Ms)), "0.00")} / {F(Median(t.Select(r => r.LagMaxMs)), "0.0")} | {F(Median(t.Select(r => r.LatencyP50Ms)), "0.00")} / {F(Median(t.Select(r => r.LatencyP99Ms)), "0.00")} / {F(Median(t.Select(r => r.LatencyMaxMs)), "0")} | {F(Median(t.Select(r => (double?)r.Unsent)))} ({t.Max(r => r.Unsent)}) | {F(Median(t.Select(r => (double?)r.Errors)))} | {F(Median(t.Select(r => r.ToolCores)), "0.00")} | {F(Median(t.Select(r => r.OtherCores)), "0.00")} | {met} |");
                }
            }
            var jitter = m2.Where(r => r.Tool == "jitter").ToList();
            if (jitter.Count > 0)
            {
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| – | control: a thread pausing 0.5 ms, as the pacer | {jitter.Count} | – | – | – | wake-up gap {F(Median(jitter.Select(r => r.LatencyP50Ms)), "0.00")} / {F(Median(jitter.Select(r => r.LatencyP99Ms)), "0.00")} / {F(Median(jitter.Select(r => r.LatencyMaxMs)), "0.0")} | – | – | – | – | {F(Median(jitter.Select(r => r.OtherCores)), "0.00")} | – |");
            }
            sb.AppendLine();
            sb.AppendLine("Targets per run (ours): achieved rate within ±0.5 %, every 1-s bucket (by actual send time) within ±2 %, send lag p99 ≤ 2 ms (over the seconds with nothing unsent), nothing unsent. httperf: achieved = its own \"Request rate\"; unsent = its fd-unavail errors (its 1,024-descriptor select() limit); latency = its connection time (it reports no percentiles).");
            sb.AppendLine();
        }

        // 3. coordinated omission
        var m3 = rows.Where(r => r.Measurement == "m3").ToList();
        if (m3.Count > 0)
        {
            sb.AppendLine("#### 3. Coordinated omission: sample app stopped (SIGSTOP) for 1 s mid-run");
            sb.AppendLine();
            sb.AppendLine("| tool (mode) | runs | median ok/s | latency p50 / p99 / max, ms | service time p99, ms | unsent | errors | p99 shows the stall (≥ 600 ms) |");
            sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var tool in new[] { "ours-open", "ours-closed", "wrk", "hey" })
            {
                var t = m3.Where(r => r.Tool == tool).ToList();
                if (t.Count == 0)
                {
                    continue;
                }
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {ToolName(tool)} | {t.Count} | {F(Median(t.Select(r => r.OkPerSecond)))} | {F(Median(t.Select(r => r.LatencyP50Ms)), "0.00")} / {F(Median(t.Select(r => r.LatencyP99Ms)), "0.0")} / {F(Median(t.Select(r => r.LatencyMaxMs)), "0")} | {F(Median(t.Select(r => r.ServiceP99Ms)), "0.0")} | {F(Median(t.Select(r => (double?)r.Unsent)))} | {F(Median(t.Select(r => (double?)r.Errors)))} | {t.Count(r => r.LatencyP99Ms >= 600)} of {t.Count} |");
            }
            if (m3.FirstOrDefault(r => r.Tool == "ours-open" && r.Seconds is not null) is { } trace)
            {
                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture, $"Per second of one open-model run ({trace.Name}), p99 in ms, latency (from intended send) / service time (from actual send):");
                sb.AppendLine();
                sb.AppendLine("| second | " + string.Join(" | ", trace.Seconds!.Where(s => !s.WarmUp).Select(s => s.Second)) + " |");
                sb.AppendLine("| --- | " + string.Join(" | ", trace.Seconds!.Where(s => !s.WarmUp).Select(_ => "---")) + " |");
                sb.AppendLine("| p99 | " + string.Join(" | ", trace.Seconds!.Where(s => !s.WarmUp).Select(s => $"{F(s.LatencyP99Ms)} / {F(s.ServiceTimeP99Ms)}")) + " |");
                sb.AppendLine("| unsent | " + string.Join(" | ", trace.Seconds!.Where(s => !s.WarmUp).Select(s => s.Unsent.ToString(s_inv))) + " |");
            }
            sb.AppendLine();
        }

        // 4. cost
        var cost = rows.Where(r => r.Tool is "ours" or "spin70" or "httpclient" or "raw" or "ours-httpclient" or "raw-httpclient" && r.Measurement is "m2" or "m4" or "m1").ToList();
        if (cost.Count > 0)
        {
            sb.AppendLine("#### 4. Cost of our generator (bench process, measured window only; medians)");
            sb.AppendLine();
            sb.AppendLine("| run | runs | requests/s | CPU, cores | CPU µs / request | bytes allocated / request | GCs gen0/1/2 per run |");
            sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
            foreach (var g in cost.GroupBy(r => (r.Measurement, r.Target, r.Tool, r.Param)).OrderBy(g => g.Key.Measurement == "m1" ? 1 : 0).ThenBy(g => g.Key.Tool).ThenBy(g => double.TryParse(g.Key.Param, s_inv, out var p) ? p : 0))
            {
                var label = g.Key switch
                {
                    ("m1", var target, "ours", _) => $"closed loop, 50 connections, {target}",
                    ("m1", var target, "raw", _) => $"HTTP sender alone, 50 loops, {target}",
                    ("m1", var target, "ours-httpclient", _) => $"closed loop, 50 connections, HttpClient sender, {target}",
                    ("m1", var target, "raw-httpclient", _) => $"HttpClient sender alone, 50 loops, {target}",
                    (_, _, "spin70", var rate) => $"open {rate}/s, thread-pool spinning on (runtime default)",
                    (_, _, "httpclient", var rate) => $"open {rate}/s, HttpClient sender",
                    (_, _, _, var rate) => $"open {rate}/s",
                };
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {label} | {g.Count()} | {F(Median(g.Select(r => r.SentPerSecond ?? r.OkPerSecond)))} | {F(Median(g.Select(r => r.ToolCores)), "0.00")} | {F(Median(g.Select(r => r.CpuMicrosecondsPerRequest)), "0.0")} | {F(Median(g.Select(r => r.BytesPerRequest)))} | {string.Join(", ", g.Select(r => r.Gcs))} |");
            }
            var at20k = cost.Where(r => r.Measurement == "m2" && r.Param == "20000").ToList();
            if (at20k.Count > 0)
            {
                var cores = Median(at20k.Select(r => r.ToolCores));
                var bytes = Median(at20k.Select(r => r.BytesPerRequest));
                sb.AppendLine();
                sb.AppendLine(CultureInfo.InvariantCulture, $"Targets at 20k/s: ≤ 1 core: {F(cores, "0.00")} — {Verdict(cores <= 1)}; ≤ 1.5 KB/request: {F(bytes)} B — {Verdict(bytes <= 1536)}.");
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static string ToolName(string tool) => tool switch
    {
        "ours" => "BlueGreen",
        "raw" => "BlueGreen HTTP sender alone (diagnostic)",
        "ours-httpclient" => "BlueGreen with the HttpClient sender (diagnostic)",
        "raw-httpclient" => "HttpClient sender alone (diagnostic)",
        "ours-open" => "BlueGreen, open model 1000/s",
        "ours-closed" => "BlueGreen, closed loop, 50 conn.",
        "wrk" => "wrk -t2 -c50",
        "hey" => "hey -c 50",
        "httperf" => "httperf (new connection per request)",
        _ => tool,
    };
}
