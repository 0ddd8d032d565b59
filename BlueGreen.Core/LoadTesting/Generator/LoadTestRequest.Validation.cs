using System.Globalization;

namespace BlueGreen.Core.LoadTesting.Generator;

public sealed partial class LoadTestRequest
{
    private const double MaxRate = 1_000_000;
    private const int MaxConnections = 10_000;
    private const int MaxClients = 64;
    private const int MaxInFlightCap = 100_000;
    private static readonly TimeSpan s_maxDuration = TimeSpan.FromDays(1);
    private static readonly TimeSpan s_maxTimeout = TimeSpan.FromMinutes(10);

    // Set by the generator from the request; a caller cannot override them meaningfully.
    private static readonly HashSet<string> s_reservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Upgrade", "TE",
    };

    /// <summary>Returns every problem in this request (empty when it can run), each with the field and the fix.</summary>
    public IReadOnlyList<LoadTestProblem> Validate()
    {
        var problems = new List<LoadTestProblem>();
        void Add(string field, string problem, string fix) => problems.Add(new LoadTestProblem(field, problem, fix));

        ValidateTarget(Add);
        ValidateModel(Add);
        if (Clients is < 1 or > MaxClients)
        {
            Add(nameof(Clients), $"must be 1..{MaxClients} (was {Clients}).", "Use 1, or 2 like the two clients of paper 000.");
        }
        ValidateLength(Add);
        ValidateRampAndWarmUp(Add);
        if (Timeout <= TimeSpan.Zero || Timeout > s_maxTimeout)
        {
            Add(nameof(Timeout), $"must be above 0 and at most {s_maxTimeout.TotalMinutes:0} min (was {Timeout}).", "Use e.g. 5 s.");
        }
        if (Method is null)
        {
            Add(nameof(Method), "is missing.", "Use HttpMethod.Get (the default).");
        }
        ValidateHeaders(Add);
        return problems;
    }

    private void ValidateTarget(Action<string, string, string> add)
    {
        if (Target is null || !Target.IsAbsoluteUri || (Target.Scheme != Uri.UriSchemeHttp && Target.Scheme != Uri.UriSchemeHttps))
        {
            add(nameof(Target), $"must be an absolute http:// or https:// URI (was '{Target?.OriginalString}').",
                "Use the load balancer's front end, e.g. http://127.0.0.1:8080/.");
        }
    }

    private void ValidateModel(Action<string, string, string> add)
    {
        if (Model == LoadModel.Open)
        {
            if (!double.IsFinite(RatePerClient) || RatePerClient <= 0 || RatePerClient > MaxRate)
            {
                add(nameof(RatePerClient), $"must be above 0 and at most {MaxRate:0} requests/s in the open model (was {Format(RatePerClient)}).",
                    "Set e.g. 100 (paper 000 used 100..450 per client), or use Model = ClosedLoop for raw throughput.");
            }
            if (ConnectionsPerClient != 0)
            {
                add(nameof(ConnectionsPerClient), $"is only used by the closed loop (was {ConnectionsPerClient}).",
                    "Remove it, or set Model = ClosedLoop; in the open model InFlightCapPerClient limits connections.");
            }
            if (InFlightCapPerClient is < 1 or > MaxInFlightCap)
            {
                add(nameof(InFlightCapPerClient), $"must be 1..{MaxInFlightCap} (was {InFlightCapPerClient}).",
                    "Use at least rate x expected latency (e.g. 450/s x 1 s = 450); the default is 1000.");
            }
        }
        else if (Model == LoadModel.ClosedLoop)
        {
            if (ConnectionsPerClient is < 1 or > MaxConnections)
            {
                add(nameof(ConnectionsPerClient), $"must be 1..{MaxConnections} in the closed loop (was {ConnectionsPerClient}).",
                    "Set the number of concurrent connections per client, e.g. 16.");
            }
            if (RatePerClient != 0)
            {
                add(nameof(RatePerClient), $"is ignored by the closed loop (was {Format(RatePerClient)}).",
                    "Remove it, or use Model = Open for a fixed arrival rate.");
            }
        }
        else
        {
            add(nameof(Model), $"is not a known model (was {(int)Model}).", "Use Open or ClosedLoop.");
        }
    }

    private void ValidateLength(Action<string, string, string> add)
    {
        if ((Duration is null) == (RequestsPerClient is null))
        {
            add($"{nameof(Duration)}/{nameof(RequestsPerClient)}",
                Duration is null ? "neither is set." : "both are set.",
                "Set exactly one: a Duration (e.g. 60 s) or RequestsPerClient (e.g. 5000, like paper 000).");
        }
        if (Duration is { } duration && (duration < TimeSpan.FromSeconds(1) || duration > s_maxDuration))
        {
            add(nameof(Duration), $"must be 1 s..{s_maxDuration.TotalHours:0} h (was {duration}).", "Use e.g. 60 s.");
        }
        if (RequestsPerClient is < 1)
        {
            add(nameof(RequestsPerClient), $"must be at least 1 (was {RequestsPerClient}).", "Use e.g. 5000.");
        }
    }

    private void ValidateRampAndWarmUp(Action<string, string, string> add)
    {
        if (RampUp < TimeSpan.Zero || RampUp > s_maxDuration)
        {
            add(nameof(RampUp), $"must be 0..{s_maxDuration.TotalHours:0} h (was {RampUp}).", "Use 0 for none, or e.g. 10 s.");
        }
        else if (Duration is { } duration && RampUp > WarmUp + duration)
        {
            add(nameof(RampUp), $"({RampUp}) is longer than the whole run ({WarmUp + duration}), so the full rate is never reached.",
                "Shorten RampUp or lengthen Duration.");
        }
        if (WarmUp < TimeSpan.Zero || WarmUp > s_maxDuration || WarmUp.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            add(nameof(WarmUp), $"must be a whole number of seconds, 0..{s_maxDuration.TotalHours:0} h (was {WarmUp}); samples are per second.",
                "Use e.g. 5 s, or 0 for none.");
        }
    }

    private void ValidateHeaders(Action<string, string, string> add)
    {
        if (Headers is null)
        {
            add(nameof(Headers), "is null.", "Leave it unset for no extra headers.");
            return;
        }
        foreach (var (name, value) in Headers)
        {
            if (string.IsNullOrEmpty(name) || !name.All(IsTokenChar))
            {
                add(nameof(Headers), $"'{name}' is not a valid header name.", "Use letters, digits and -, e.g. X-Test.");
            }
            else if (s_reservedHeaders.Contains(name))
            {
                add(nameof(Headers), $"'{name}' is set by the generator.", "Remove it; use KeepAlive to choose connection reuse.");
            }
            else if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && Body.IsEmpty)
            {
                add(nameof(Headers), $"'{name}' is a content header but there is no Body.", "Set Body, or remove the header.");
            }
            if (value is null || value.Contains('\r') || value.Contains('\n'))
            {
                add(nameof(Headers), $"the value of '{name}' is null or contains a line break.", "Use a single-line value.");
            }
            else if (!value.All(c => c is '\t' || (c >= ' ' && c <= '~')))
            {
                add(nameof(Headers), $"the value of '{name}' has characters outside printable ASCII.", "Percent-encode or Base64-encode it, as HTTP/1.1 header values are ASCII.");
            }
        }
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
