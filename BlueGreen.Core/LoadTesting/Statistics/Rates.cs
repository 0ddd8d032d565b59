namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>The ratio arithmetic shared by samples and totals; 0 (never NaN) when the denominator is 0.</summary>
internal static class Rates
{
    public static double PerSecond(double amount, double seconds) => seconds > 0 ? amount / seconds : 0;

    public static double Percent(long part, long whole) => whole > 0 ? 100.0 * part / whole : 0;
}
