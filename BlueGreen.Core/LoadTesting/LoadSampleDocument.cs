namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// One stored second of a load test (collection <c>loadtest_samples</c>): a <see cref="LoadSample"/> with its test's
/// id. Latency statistics are not stored: they are read back from the histograms, which are exact.
/// </summary>
public sealed class LoadSampleDocument
{
    public long Id { get; set; }
    public string TestId { get; set; } = "";
    public int Second { get; set; }
    /// <summary>Client index; null for the merged sample.</summary>
    public int? Client { get; set; }
    public DateTimeOffset Start { get; set; }
    public double DurationSeconds { get; set; }
    public bool IsWarmUp { get; set; }
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

    /// <summary>Copies <paramref name="sample"/> of test <paramref name="testId"/>.</summary>
    public static LoadSampleDocument From(string testId, LoadSample sample) => new()
    {
        TestId = testId,
        Second = sample.Second,
        Client = sample.Client,
        Start = sample.Start,
        DurationSeconds = sample.DurationSeconds,
        IsWarmUp = sample.IsWarmUp,
        Intended = sample.Intended,
        Sent = sample.Sent,
        Ok = sample.Ok,
        Failures = FailureCountsDocument.From(sample.Failures),
        Unsent = sample.Unsent,
        BytesReceived = sample.BytesReceived,
        LatencyHistogram = sample.LatencyHistogram.CompressedBase64,
        ServiceTimeHistogram = sample.ServiceTimeHistogram.CompressedBase64,
    };

    /// <summary>The sample, with its latency statistics decoded from the histograms.</summary>
    public LoadSample ToSample()
    {
        var latency = new EncodedHistogram(LatencyHistogram ?? string.Empty);
        var service = new EncodedHistogram(ServiceTimeHistogram ?? string.Empty);
        return new LoadSample
        {
            Second = Second,
            Client = Client,
            Start = Start,
            DurationSeconds = DurationSeconds,
            IsWarmUp = IsWarmUp,
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
