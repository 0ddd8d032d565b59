using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>The final counts of one second, for one client or summed over clients.</summary>
internal readonly record struct SecondCounts(long Intended, long Sent, long Ok, FailureCounts Failures, long Unsent, long BytesReceived)
{
    public static SecondCounts Zero { get; } = new(0, 0, 0, FailureCounts.None, 0, 0);

    public SecondCounts Plus(SecondCounts other) => new(
        Intended + other.Intended,
        Sent + other.Sent,
        Ok + other.Ok,
        Failures.Plus(other.Failures),
        Unsent + other.Unsent,
        BytesReceived + other.BytesReceived);
}
