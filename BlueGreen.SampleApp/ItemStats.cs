namespace BlueGreen.SampleApp;

/// <summary>The answer of <c>GET /item/stats</c> (2.x).</summary>
public sealed record ItemStats(int Count, decimal TotalValue, decimal AveragePrice, IReadOnlyDictionary<string, int> Categories);
