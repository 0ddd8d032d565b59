using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// Limits and grading for load tests run from the dashboard (section <c>BlueGreen:LoadTesting</c>). The limits keep an
/// operator's typo from turning the dashboard's machine into a flood source; raise them on purpose, not by accident.
/// </summary>
public sealed class LoadTestOptions
{
    /// <summary>Configuration path of this section, for messages.</summary>
    public const string Path = $"{BlueGreenOptions.SectionName}:LoadTesting";

    /// <summary>Highest request rate per client. Default 20000/s: about what one .NET client sustains on loopback;
    /// above it the pacer falls behind and requests show up as late, not as the server's fault.</summary>
    public double MaxRatePerClient { get; set; } = 20_000;

    /// <summary>Most clients per test. Default 8: every client has its own connection pool and pacer work.</summary>
    public int MaxClients { get; set; } = 8;

    /// <summary>Longest test, warm-up included. Default 10 min: enough for a deployment with a watch period, and a
    /// test that is forgotten stops on its own.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most measured requests per client of a by-count test (paper 000 used 5000). Default 1,000,000.</summary>
    public long MaxRequestsPerClient { get; set; } = 1_000_000;

    /// <summary>Tests running at once. Default 1: two tests share the client machine's CPU and sockets, and each
    /// distorts the other's latency.</summary>
    public int MaxConcurrentTests { get; set; } = 1;

    /// <summary>Tests one person or token may run at once (under <see cref="MaxConcurrentTests"/>).</summary>
    public int MaxConcurrentTestsPerUser { get; set; } = 1;

    /// <summary>TIPHON thresholds for the phase grades (paper 000's by default).</summary>
    public TiphonOptions Tiphon { get; set; } = new();
}
