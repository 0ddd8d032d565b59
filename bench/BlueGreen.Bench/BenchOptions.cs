using System.Globalization;

namespace BlueGreen.Bench;

/// <summary>The command line of one benchmark run (one process = one run, so JIT and GC state never leak between runs).</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: BlueGreen.Bench --mode open|closed|raw --url URL [options]
               BlueGreen.Bench report DIR     (tables from a bench/run.sh results folder)
          --mode open       open model (constant arrival rate): --rate R requests/s
          --mode closed     closed loop (unlimited): --connections N
          --mode jitter     control: a thread pausing 0.5 ms in a loop, as the pacer does (--duration S)
          --mode raw        diagnostic: N loops calling the generator's HTTP sender directly, no generator
          --raw-token T     raw mode: none (default), shared or cts (a linked source + timer per request)
          --sender null     diagnostic: the generator with a sender that answers at once (its own overhead)
          --sender httpclient  diagnostic: force the HttpClient sender (the default is the production choice)
          --url URL         target, e.g. http://127.0.0.1:18500/
          --rate R          open model: requests per second (one client)
          --connections N   closed loop: concurrent loops (= connections)
          --duration S      measured seconds (default 10)
          --warmup S        warm-up seconds, sent but not measured (default 2)
          --cap N           open model: in-flight cap (default: the generator's, 1000)
          --keepalive B     true (default) or false (a new connection per request, httperf's default)
          --label TEXT      free text copied into the result
          --out FILE        write the JSON result there (it is always printed as one line on stdout too)
        """;

    public required string Mode { get; init; }

    public required Uri Url { get; init; }

    public double Rate { get; init; }

    public int Connections { get; init; }

    public int DurationSeconds { get; init; } = 10;

    public int WarmUpSeconds { get; init; } = 2;

    public int? Cap { get; init; }

    public bool KeepAlive { get; init; } = true;

    public string Label { get; init; } = string.Empty;

    public string? OutFile { get; init; }

    public bool IsOpen => Mode == "open";

    public bool IsRaw => Mode == "raw";

    /// <summary>http (default) or null.</summary>
    public string Sender { get; init; } = "http";

    /// <summary>Raw mode: the token given to the sender: none (default), shared (one cancelable token), cts (one linked source + timer per request, as the generator).</summary>
    public string RawToken { get; init; } = "none";

    public static BenchOptions? Parse(string[] args, out string error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error = $"unexpected argument '{args[i]}'";
                return null;
            }
            values[args[i][2..]] = args[++i];
        }
        error = string.Empty;
        string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;
        var mode = Get("mode");
        if (mode is not ("open" or "closed" or "raw" or "jitter"))
        {
            error = "--mode must be open, closed, raw or jitter";
            return null;
        }
        if (!Uri.TryCreate(Get("url") ?? (mode == "jitter" ? "http://127.0.0.1/" : null), UriKind.Absolute, out var url))
        {
            error = "--url must be an absolute http URI";
            return null;
        }
        var options = new BenchOptions
        {
            Mode = mode,
            Url = url,
            Rate = Get("rate") is { } rate ? double.Parse(rate, CultureInfo.InvariantCulture) : 0,
            Connections = Get("connections") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : 0,
            DurationSeconds = Get("duration") is { } d ? int.Parse(d, CultureInfo.InvariantCulture) : 10,
            WarmUpSeconds = Get("warmup") is { } w ? int.Parse(w, CultureInfo.InvariantCulture) : 2,
            Cap = Get("cap") is { } cap ? int.Parse(cap, CultureInfo.InvariantCulture) : null,
            KeepAlive = Get("keepalive") is not { } k || bool.Parse(k),
            Label = Get("label") ?? string.Empty,
            OutFile = Get("out"),
            Sender = Get("sender") ?? "http",
            RawToken = Get("raw-token") ?? "none",
        };
        if (options.Sender is not ("http" or "null" or "httpclient"))
        {
            error = "--sender must be http, httpclient or null";
            return null;
        }
        if (options.IsOpen && options.Rate <= 0)
        {
            error = "--mode open needs --rate > 0";
            return null;
        }
        if (mode is "closed" or "raw" && options.Connections <= 0)
        {
            error = "--mode closed and raw need --connections > 0";
            return null;
        }
        return options;
    }
}
