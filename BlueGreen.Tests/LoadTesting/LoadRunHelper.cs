using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Tests.LoadTesting;

/// <summary>Runs a load test to its end with a bounded wait, and checks the counting invariants.</summary>
internal static class LoadRunHelper
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<(List<LoadSample> Samples, LoadTestSummary Summary)> RunAsync(
        LoadGenerator generator, LoadTestRequest request, CancellationToken stop)
    {
        var run = generator.Start(request, stop);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        var samples = new List<LoadSample>();
        await foreach (var sample in run.Samples.ReadAllAsync(timeout.Token))
        {
            samples.Add(sample);
        }
        var summary = await run.Completion.WaitAsync(Patience, TestContext.Current.CancellationToken);
        return (samples, summary);
    }

    /// <summary>
    /// intended = ok + failed + unsent and sent = ok + failed in every sample; merged = sum of clients per second;
    /// seconds consecutive from 0; summary = sum of the measured samples, overall and per client.
    /// </summary>
    public static void AssertInvariants(List<LoadSample> samples, LoadTestSummary summary)
    {
        foreach (var s in samples)
        {
            Assert.True(s.Intended == s.Ok + s.Failed + s.Unsent, $"intended != ok + failed + unsent in {s}");
            Assert.True(s.Sent == s.Ok + s.Failed, $"sent != ok + failed in {s}");
            Assert.Equal(s.Ok, s.Latency?.Count ?? 0);
        }
        var merged = samples.Where(s => s.Client is null).ToList();
        Assert.Equal(Enumerable.Range(0, merged.Count), merged.Select(s => s.Second));
        Assert.Equal(summary.Seconds, merged.Count);
        foreach (var m in merged)
        {
            var parts = samples.Where(s => s.Client is not null && s.Second == m.Second).ToList();
            Assert.NotEmpty(parts);
            Assert.Equal(m.Intended, parts.Sum(p => p.Intended));
            Assert.Equal(m.Sent, parts.Sum(p => p.Sent));
            Assert.Equal(m.Ok, parts.Sum(p => p.Ok));
            Assert.Equal(m.Unsent, parts.Sum(p => p.Unsent));
            Assert.Equal(m.Failures, parts.Select(p => p.Failures).Aggregate(FailureCounts.None, (a, b) => a.Plus(b)));
            Assert.Equal(m.BytesReceived, parts.Sum(p => p.BytesReceived));
        }
        AssertTotals(summary.Total, merged.Where(s => !s.IsWarmUp).ToList());
        for (var client = 0; client < summary.PerClient.Count; client++)
        {
            AssertTotals(summary.PerClient[client], samples.Where(s => s.Client == client && !s.IsWarmUp).ToList());
        }
    }

    private static void AssertTotals(LoadTotals totals, List<LoadSample> samples)
    {
        Assert.Equal(totals.Ok + totals.Failed + totals.Unsent, totals.Intended);
        Assert.Equal(samples.Sum(s => s.Intended), totals.Intended);
        Assert.Equal(samples.Sum(s => s.Sent), totals.Sent);
        Assert.Equal(samples.Sum(s => s.Ok), totals.Ok);
        Assert.Equal(samples.Sum(s => s.Unsent), totals.Unsent);
        Assert.Equal(samples.Sum(s => s.Failed), totals.Failed);
        Assert.Equal(totals.Ok, totals.Latency?.Count ?? 0);
        Assert.Equal(totals.Ok, totals.LatencyHistogram.Decode().TotalCount);
    }
}
