using System.Globalization;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>What an <see cref="OutsideClient"/> counted: every request sent ends as <see cref="Ok"/>, a status in
/// <see cref="Statuses"/>, an error in <see cref="Errors"/>, or is still <see cref="InFlight"/>.</summary>
internal sealed record OutsideClientCounts
{
    public required Uri Target { get; init; }
    /// <summary>The intended rate, requests/s.</summary>
    public required int Rate { get; init; }
    public required long Sent { get; init; }
    /// <summary>Answered 2xx with the whole body read.</summary>
    public required long Ok { get; init; }
    /// <summary>Due but not sent because <see cref="OutsideClient.MaxInFlight"/> requests were already open.</summary>
    public required long NotSent { get; init; }
    public required long InFlight { get; init; }
    /// <summary>From the start until sending stopped (or until now while it runs).</summary>
    public required TimeSpan Elapsed { get; init; }
    /// <summary>Non-2xx answers by status code.</summary>
    public required IReadOnlyDictionary<int, long> Statuses { get; init; }
    /// <summary>Requests without an answer, by kind ("timeout", an <see cref="HttpRequestError"/> with the socket error).</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }
    /// <summary>Answers by the <c>X-App-Version</c> header that came with them.</summary>
    public required IReadOnlyDictionary<string, long> Versions { get; init; }
    /// <summary>The first failures, with their send time from the start.</summary>
    public required IReadOnlyList<string> FailureSamples { get; init; }

    /// <summary>Requests that ended, one way or the other.</summary>
    public long Answered => Sent - InFlight;

    /// <summary>Every non-2xx answer and every error.</summary>
    public long Failures => Statuses.Values.Sum() + Errors.Values.Sum();

    /// <summary>Requests sent per second of sending.</summary>
    public double SentPerSecond => Elapsed > TimeSpan.Zero ? Sent / Elapsed.TotalSeconds : 0;

    public override string ToString()
    {
        var samples = FailureSamples.Count > 0 ? $"; first failures: {string.Join("; ", FailureSamples)}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Target}: {Sent} sent in {Elapsed.TotalSeconds:0.0} s ({SentPerSecond:0} requests/s, intended {Rate}), {Ok} ok, {Failures} failed [{Join(Statuses)}] [{Join(Errors)}], {NotSent} not sent, {InFlight} in flight; versions [{Join(Versions)}]{samples}");
    }

    private static string Join<TKey>(IReadOnlyDictionary<TKey, long> counts) where TKey : notnull
        => string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"));
}
