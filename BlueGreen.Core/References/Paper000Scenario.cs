namespace BlueGreen.Core.References;

/// <summary>One of paper 000's eight test scenarios (its Tabel 1): a rate per client on each of two clients.</summary>
public sealed record Paper000Scenario
{
    /// <summary>1..8.</summary>
    public required int Number { get; init; }
    public required int RatePerClient { get; init; }
    public required int Clients { get; init; }

    /// <summary>
    /// "Jumlah total request", as printed: 5000. The table does not say whether per client or for both; httperf's
    /// connection count is per client, so per client is the likely reading.
    /// </summary>
    public required int TotalRequests { get; init; }
}
