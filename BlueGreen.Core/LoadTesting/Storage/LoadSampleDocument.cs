using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Storage;

/// <summary>
/// One stored second of a load test (collection <c>loadtest_samples</c>): a <see cref="LoadSample"/> with its test's
/// id.
/// </summary>
public sealed class LoadSampleDocument : LoadCountsDocument
{
    public long Id { get; set; }
    public string TestId { get; set; } = "";
    public int Second { get; set; }
    /// <summary>Client index; null for the merged sample.</summary>
    public int? Client { get; set; }
    public DateTimeOffset Start { get; set; }
    public bool IsWarmUp { get; set; }

    /// <summary>Copies <paramref name="sample"/> of test <paramref name="testId"/>.</summary>
    public static LoadSampleDocument From(string testId, LoadSample sample)
    {
        var document = new LoadSampleDocument
        {
            TestId = testId,
            Second = sample.Second,
            Client = sample.Client,
            Start = sample.Start,
            IsWarmUp = sample.IsWarmUp,
        };
        document.CopyFrom(sample);
        return document;
    }

    /// <summary>The sample, with its latency statistics decoded from the histograms.</summary>
    public LoadSample ToSample() => new(ReadCounts())
    {
        Second = Second,
        Client = Client,
        Start = Start,
        IsWarmUp = IsWarmUp,
    };
}
