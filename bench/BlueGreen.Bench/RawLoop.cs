using System.Diagnostics;
using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Bench;

/// <summary>
/// Diagnostic: N loops awaiting the generator's own HTTP sender back to back, without the generator (no pacer,
/// buckets, histograms or per-request timeout). The gap to the closed loop is the generator's bookkeeping; the gap
/// to wrk is SocketsHttpHandler's.
/// </summary>
internal static class RawLoop
{
    public static async Task<(long Ok, long Failed, long[] PerSecond, CostPoint From, CostPoint To)> RunAsync(BenchOptions options)
    {
        var request = new LoadTestRequest { Target = options.Url, Model = LoadModel.ClosedLoop, ConnectionsPerClient = options.Connections, Duration = TimeSpan.FromSeconds(options.DurationSeconds) };
        using var sender = CoreInternals.CreateHttpSender(request, options.Sender == "httpclient");
        var frequency = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp() + frequency / 50;
        var from = start + options.WarmUpSeconds * frequency;
        var to = from + options.DurationSeconds * frequency;
        var perSecond = new long[options.WarmUpSeconds + options.DurationSeconds + 1];
        long ok = 0, failed = 0;
        var probe = new CostProbe(from, to);
        using var abort = new CancellationTokenSource();
        var loops = Enumerable.Range(0, options.Connections).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < start)
            {
                await Task.Delay(1).ConfigureAwait(false);
            }
            while (true)
            {
                RequestOutcome outcome;
                if (options.RawToken == "cts")
                {
                    // What the generator does per request: a linked token source with a timeout timer.
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(abort.Token);
                    cts.CancelAfter(request.Timeout);
                    outcome = await sender.SendAsync(cts.Token).ConfigureAwait(false);
                }
                else if (options.RawToken == "shared")
                {
                    outcome = await sender.SendAsync(abort.Token).ConfigureAwait(false);
                }
                else
                {
                    outcome = await sender.SendAsync(CancellationToken.None).ConfigureAwait(false);
                }
                var now = Stopwatch.GetTimestamp();
                if (now >= to)
                {
                    return;
                }
                var second = (int)((now - start) / frequency);
                Interlocked.Increment(ref perSecond[second]);
                if (now >= from)
                {
                    Interlocked.Increment(ref outcome.IsOk ? ref ok : ref failed);
                }
            }
        })).ToArray();
        await Task.WhenAll(loops).ConfigureAwait(false);
        probe.Join();
        return (ok, failed, perSecond, probe.Start, probe.End);
    }
}
