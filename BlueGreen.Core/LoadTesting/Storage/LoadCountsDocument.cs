using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Storage;

/// <summary>
/// <see cref="LoadCounts"/> as stored, shared by <see cref="LoadSampleDocument"/> and <see cref="LoadTotalsDocument"/>:
/// flat fields in the owning document, whose names existing databases depend on. Latency statistics are not stored:
/// they are read back from the histograms, which are exact.
/// </summary>
public abstract class LoadCountsDocument
{
    public double DurationSeconds { get; set; }
    public long Intended { get; set; }
    public long Sent { get; set; }
    public long Ok { get; set; }
    public FailureCountsDocument Failures { get; set; } = new();
    public long Unsent { get; set; }
    public long BytesReceived { get; set; }
    /// <summary><see cref="EncodedHistogram.CompressedBase64"/> of the latency histogram; null when empty (LiteDB stores empty strings as null).</summary>
    public string? LatencyHistogram { get; set; }
    /// <summary><see cref="EncodedHistogram.CompressedBase64"/> of the service time histogram.</summary>
    public string? ServiceTimeHistogram { get; set; }

    /// <summary>Copies the counts and histograms of <paramref name="counts"/>.</summary>
    private protected void CopyFrom(LoadCounts counts)
    {
        DurationSeconds = counts.DurationSeconds;
        Intended = counts.Intended;
        Sent = counts.Sent;
        Ok = counts.Ok;
        Failures = FailureCountsDocument.From(counts.Failures);
        Unsent = counts.Unsent;
        BytesReceived = counts.BytesReceived;
        LatencyHistogram = counts.LatencyHistogram.CompressedBase64;
        ServiceTimeHistogram = counts.ServiceTimeHistogram.CompressedBase64;
    }

    /// <summary>The stored counts, with the latency statistics decoded from the histograms.</summary>
    private protected LoadCounts ReadCounts()
    {
        // LiteDB stores an empty histogram (an empty string) as null.
        var latency = new EncodedHistogram(LatencyHistogram ?? string.Empty);
        var serviceTime = new EncodedHistogram(ServiceTimeHistogram ?? string.Empty);
        return new StoredCounts
        {
            DurationSeconds = DurationSeconds,
            Intended = Intended,
            Sent = Sent,
            Ok = Ok,
            Failures = Failures.ToCounts(),
            Unsent = Unsent,
            BytesReceived = BytesReceived,
            Latency = latency.ToStats(),
            ServiceTime = serviceTime.ToStats(),
            LatencyHistogram = latency,
            ServiceTimeHistogram = serviceTime,
        };
    }

    /// <summary>Carries the counts read back into the sample's or the totals' constructor.</summary>
    private sealed record StoredCounts : LoadCounts;
}
