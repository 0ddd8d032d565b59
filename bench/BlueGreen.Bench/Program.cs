using System.Diagnostics;
using System.Text.Json;
using BlueGreen.Bench;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Statistics;

if (args is ["report", var reportDir])
{
    return Report.Run(reportDir);
}

var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine($"bench: {error}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.Mode == "jitter")
{
    var (p50, p99, p999, max, count) = Jitter.Measure(TimeSpan.FromSeconds(options.DurationSeconds));
    var jitter = FormattableString.Invariant($"{{\"tool\":\"jitter\",\"wakeUps\":{count},\"gapP50Ms\":{p50:0.000},\"gapP99Ms\":{p99:0.000},\"gapP999Ms\":{p999:0.000},\"gapMaxMs\":{max:0.000}}}");
    if (options.OutFile is { } jitterFile)
    {
        await File.WriteAllTextAsync(jitterFile, jitter);
    }
    Console.WriteLine(FormattableString.Invariant($"jitter: a thread pausing 0.5 ms woke after p50 {p50:0.000} p99 {p99:0.000} p99.9 {p999:0.000} max {max:0.0} ms ({count} wake-ups)"));
    return 0;
}

if (options.IsRaw)
{
    var raw = await RawLoop.RunAsync(options);
    var rawCost = Cost(raw.From, raw.To);
    var rawRequests = raw.Ok + raw.Failed;
    var rawResult = new BenchResult
    {
        Tool = "bluegreen-raw",
        Label = options.Label,
        Mode = options.Mode,
        Url = options.Url.ToString(),
        Connections = options.Connections,
        KeepAlive = true,
        WarmUpSeconds = options.WarmUpSeconds,
        MeasuredSeconds = options.DurationSeconds,
        Intended = rawRequests,
        Sent = rawRequests,
        Ok = raw.Ok,
        Failed = raw.Failed,
        Failures = FailureCounts.None,
        OkPerSecond = raw.Ok / (double)options.DurationSeconds,
        SentPerSecond = rawRequests / (double)options.DurationSeconds,
        Cost = rawCost with { RequestsInWindow = rawRequests, BytesPerRequest = Per(rawCost.AllocatedBytes, rawRequests), CpuMicrosecondsPerRequest = Per(rawCost.CpuSeconds * 1e6, rawRequests) },
        Seconds = raw.PerSecond.Select((n, i) => new SecondResult(i, i < options.WarmUpSeconds, 1, n, n, n, 0, 0, null, null, null)).ToArray(),
        Runtime = RuntimeInfo.Current,
    };
    await WriteAsync(rawResult, options);
    return 0;
}

var request = new LoadTestRequest
{
    Target = options.Url,
    Model = options.IsOpen ? LoadModel.Open : LoadModel.ClosedLoop,
    RatePerClient = options.IsOpen ? options.Rate : 0,
    ConnectionsPerClient = options.IsOpen ? 0 : options.Connections,
    Clients = 1,
    Duration = TimeSpan.FromSeconds(options.DurationSeconds),
    WarmUp = TimeSpan.FromSeconds(options.WarmUpSeconds),
    InFlightCapPerClient = options.Cap ?? new LoadTestRequest { Target = options.Url }.InFlightCapPerClient,
    KeepAlive = options.KeepAlive,
};

// Open model: wrap the production sender to record actual send times (the generator keeps send lag internal).
// Sized for the whole schedule, allocated before anything is measured.
var schedule = options.IsOpen ? new ArrivalSchedule(options.Rate, TimeSpan.Zero) : null;
var scheduled = schedule?.CountBefore(options.WarmUpSeconds + options.DurationSeconds) ?? 0;
TimingSender? timing = null;
var generator = new LoadGenerator(TimeProvider.System, (r, _) =>
{
    IRequestSender sender = options.Sender == "null" ? new NullSender() : CoreInternals.CreateHttpSender(r, options.Sender == "httpclient");
    return options.IsOpen ? timing = new TimingSender(sender, (int)scheduled + 16) : sender;
});

var run = generator.Start(request, CancellationToken.None);
var start = CoreInternals.StartTicks(run);
var frequency = Stopwatch.Frequency;
var windowFrom = start + options.WarmUpSeconds * frequency;
var windowTo = windowFrom + options.DurationSeconds * frequency;
var probe = new CostProbe(windowFrom, windowTo);

var seconds = new List<SecondResult>();
await foreach (var sample in run.Samples.ReadAllAsync())
{
    if (sample.Client is null)
    {
        seconds.Add(new SecondResult(sample.Second, sample.IsWarmUp, sample.DurationSeconds, sample.Intended, sample.Sent, sample.Ok,
            sample.Failed, sample.Unsent, sample.Latency?.P99Ms, sample.ServiceTime?.P99Ms, null));
    }
}
var summary = await run.Completion;
probe.Join();

var total = summary.Total;
var measured = total.DurationSeconds;
var cost = Cost(probe.Start, probe.End);

SendLag? lag = null;
if (timing is not null && schedule is not null)
{
    lag = SendLagOf(timing.Stamps, schedule, start, options.WarmUpSeconds, options.DurationSeconds, seconds);
    cost = cost with { RequestsInWindow = lag.SentInWindow, BytesPerRequest = Per(cost.AllocatedBytes, lag.SentInWindow), CpuMicrosecondsPerRequest = Per(cost.CpuSeconds * 1e6, lag.SentInWindow) };
}
else
{
    var inWindow = total.Sent;
    cost = cost with { RequestsInWindow = inWindow, BytesPerRequest = Per(cost.AllocatedBytes, inWindow), CpuMicrosecondsPerRequest = Per(cost.CpuSeconds * 1e6, inWindow) };
}

var result = new BenchResult
{
    Tool = options.Sender switch { "null" => "bluegreen-null-sender", "httpclient" => "bluegreen-httpclient", _ => "bluegreen" },
    Label = options.Label,
    Mode = options.Mode,
    Url = options.Url.ToString(),
    RequestedRate = options.IsOpen ? options.Rate : null,
    Connections = options.IsOpen ? null : options.Connections,
    KeepAlive = options.KeepAlive,
    InFlightCap = request.InFlightCapPerClient,
    WarmUpSeconds = options.WarmUpSeconds,
    MeasuredSeconds = measured,
    Intended = total.Intended,
    Sent = total.Sent,
    Ok = total.Ok,
    Failed = total.Failed,
    Unsent = total.Unsent,
    Failures = total.Failures,
    OkPerSecond = total.ThroughputPerSecond,
    SentPerSecond = measured > 0 ? total.Sent / measured : 0,
    Latency = total.Latency,
    ServiceTime = total.ServiceTime,
    MeanSendLagFromHistogramsMs = total.Latency is { } l && total.ServiceTime is { } s ? l.MeanMs - s.MeanMs : null,
    SendLag = lag,
    Cost = cost,
    Seconds = seconds,
    Runtime = RuntimeInfo.Current,
};
await WriteAsync(result, options);
return 0;

static async Task WriteAsync(BenchResult result, BenchOptions options)
{
    if (options.OutFile is { } file)
    {
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, BenchJson.Options));
    }
    Console.WriteLine(BenchJson.OneLine(result));
}

static CostResult Cost(CostPoint from, CostPoint to)
{
    var wall = (to.Ticks - from.Ticks) / (double)Stopwatch.Frequency;
    var cpu = (to.Cpu - from.Cpu).TotalSeconds;
    return new CostResult
    {
        WallSeconds = wall,
        CpuSeconds = cpu,
        Cores = wall > 0 ? cpu / wall : 0,
        AllocatedBytes = to.AllocatedBytes - from.AllocatedBytes,
        Gen0 = to.Gen0 - from.Gen0,
        Gen1 = to.Gen1 - from.Gen1,
        Gen2 = to.Gen2 - from.Gen2,
        GcPauseMs = (to.GcPause - from.GcPause).TotalMilliseconds,
    };
}

static double Per(double amount, long requests) => requests > 0 ? amount / requests : 0;

// Send lag = actual send - intended send. Requests are issued in schedule order, so the k-th earliest actual send
// belongs to the k-th request that was sent. A request the generator skipped (in-flight cap: unsent) has no send,
// so request i of a second without unsent requests is matched with send number i - (unsent in earlier seconds, from
// the samples, warm-up included); seconds with unsent requests are left out of the lag statistics. Two pool threads
// may swap neighbours by microseconds, which this matching cannot see.
static SendLag SendLagOf(ReadOnlySpan<long> stamps, ArrivalSchedule schedule, long start, int warmUp, int duration, List<SecondResult> seconds)
{
    var sorted = stamps.ToArray();
    Array.Sort(sorted);
    var frequency = Stopwatch.Frequency;
    var unsentIn = seconds.ToDictionary(s => s.Second, s => s.Unsent);
    var lastSecond = warmUp + duration - 1;
    var scheduled = schedule.CountBefore(warmUp + duration);
    var lags = new List<double>((int)Math.Min(scheduled, int.MaxValue));
    long unsentBefore = 0;
    var second = 0;
    var skippedSeconds = 0;
    for (long i = 0; i < scheduled; i++)
    {
        var due = (long)Math.Round(schedule.TimeOf(i) * frequency);
        var s = (int)Math.Min(due / frequency, lastSecond);
        while (second < s)
        {
            unsentBefore += unsentIn.GetValueOrDefault(second);
            second++;
        }
        if (s < warmUp || unsentIn.GetValueOrDefault(s) != 0)
        {
            continue;
        }
        var k = i - unsentBefore;
        if (k >= 0 && k < sorted.Length)
        {
            lags.Add((sorted[k] - (start + due)) * 1000.0 / frequency);
        }
    }
    for (var s = warmUp; s <= lastSecond; s++)
    {
        skippedSeconds += unsentIn.GetValueOrDefault(s) != 0 ? 1 : 0;
    }

    // The achieved rate, counted by actual send time in wall-clock seconds from the run's start.
    var perSecond = new long[warmUp + duration + 2];
    foreach (var stamp in sorted)
    {
        var sentSecond = (long)Math.Floor((stamp - start) / (double)frequency);
        if (sentSecond >= 0 && sentSecond < perSecond.Length)
        {
            perSecond[sentSecond]++;
        }
    }
    for (var i = 0; i < seconds.Count; i++)
    {
        if (seconds[i].Second < perSecond.Length)
        {
            seconds[i] = seconds[i] with { SentByActualTime = perSecond[seconds[i].Second] };
        }
    }
    lags.Sort();
    var window = perSecond.AsSpan(warmUp, duration).ToArray();
    var rate = schedule.Rate;
    return new SendLag
    {
        Matched = lags.Count,
        SecondsLeftOut = skippedSeconds,
        MinMs = lags.Count > 0 ? lags[0] : 0,
        MeanMs = lags.Count > 0 ? lags.Average() : 0,
        P50Ms = Percentile(lags, 50),
        P90Ms = Percentile(lags, 90),
        P99Ms = Percentile(lags, 99),
        P999Ms = Percentile(lags, 99.9),
        MaxMs = lags.Count > 0 ? lags[^1] : 0,
        SentInWindow = window.Sum(),
        AchievedRate = window.Sum() / (double)duration,
        AchievedRateErrorPercent = (window.Sum() / (double)duration - rate) / rate * 100,
        WorstSecondErrorPercent = window.Length == 0 ? 0 : window.Select(c => (c - rate) / rate * 100).MaxBy(Math.Abs),
    };
}

static double Percentile(List<double> sorted, double percentile) =>
    sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
