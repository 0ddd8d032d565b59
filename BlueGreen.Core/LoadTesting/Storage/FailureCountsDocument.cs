using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Storage;

/// <summary><see cref="FailureCounts"/> as stored in LiteDB (a class with setters, which LiteDB fills reliably).</summary>
public sealed class FailureCountsDocument
{
    public long ConnectionRefused { get; set; }
    public long Reset { get; set; }
    public long Timeout { get; set; }
    public long Http5xx { get; set; }
    public long Http4xx { get; set; }
    public long Other { get; set; }
    public long Aborted { get; set; }

    /// <summary>Copies <paramref name="counts"/>.</summary>
    public static FailureCountsDocument From(FailureCounts counts) => new()
    {
        ConnectionRefused = counts.ConnectionRefused,
        Reset = counts.Reset,
        Timeout = counts.Timeout,
        Http5xx = counts.Http5xx,
        Http4xx = counts.Http4xx,
        Other = counts.Other,
        Aborted = counts.Aborted,
    };

    /// <summary>The counts as the value type the rest of the code uses.</summary>
    public FailureCounts ToCounts() => new()
    {
        ConnectionRefused = ConnectionRefused,
        Reset = Reset,
        Timeout = Timeout,
        Http5xx = Http5xx,
        Http4xx = Http4xx,
        Other = Other,
        Aborted = Aborted,
    };
}
