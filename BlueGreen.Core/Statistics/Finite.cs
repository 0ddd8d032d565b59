namespace BlueGreen.Core.Statistics;

/// <summary>NaN and infinities never leave this folder: JSON cannot carry them, and a page cannot draw them.</summary>
internal static class Finite
{
    public static double? OrNull(double value) => double.IsFinite(value) ? value : null;
}
