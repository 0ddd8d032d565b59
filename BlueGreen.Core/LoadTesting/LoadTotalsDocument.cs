namespace BlueGreen.Core.LoadTesting;

/// <summary><see cref="LoadTotals"/> as stored: counts and the merged histograms (the statistics are read back from them).</summary>
public sealed class LoadTotalsDocument
{
    public int Seconds { get; set; }
    public double DurationSeconds { get; set; }
    public long Intended { get; set; }
    public long Sent { get; set; }
    public long Ok { get; set; }
    public FailureCountsDocument Failures { get; set; } = new();
    public long Unsent { get; set; }
    public long BytesReceived { get; set; }
    /// <summary><see cref="EncodedHistogram.CompressedBase64"/> of the merged latency histogram; null when empty (LiteDB stores empty strings as null).</summary>
    public string? LatencyHistogram { get; set; }
    /// <summary><see cref="EncodedHistogram.CompressedBase64"/> of the merged service time histogram.</summary>
    public string? ServiceTimeHistogram { get; set; }

    /// <summary>Copies <paramref name="totals"/>.</summary>
    public static LoadTotalsDocument From(LoadTotals totals) => new()
    {
        Seconds = totals.Seconds,
        DurationSeconds = totals.DurationSeconds,
        Intended = totals.Intended,
        Sent = totals.Sent,
        Ok = totals.Ok,
        Failures = FailureCountsDocument.From(totals.Failures),
        Unsent = totals.Unsent,
        BytesReceived = totals.BytesReceived,
        LatencyHistogram = totals.LatencyHistogram.CompressedBase64,
        ServiceTimeHistogram = totals.ServiceTimeHistogram.CompressedBase64,
    };

    /// <summary>The totals, with latency statistics decoded from the histograms.</summary>
    public LoadTotals ToTotals()
    {
        var latency = new EncodedHistogram(LatencyHistogram ?? string.Empty);
        var service = new EncodedHistogram(ServiceTimeHistogram ?? string.Empty);
        return new LoadTotals
        {
            Seconds = Seconds,
            DurationSeconds = DurationSeconds,
            Intended = Intended,
            Sent = Sent,
            Ok = Ok,
            Failures = Failures.ToCounts(),
            Unsent = Unsent,
            BytesReceived = BytesReceived,
            Latency = latency.ToStats(),
            ServiceTime = service.ToStats(),
            LatencyHistogram = latency,
            ServiceTimeHistogram = service,
        };
    }
}
