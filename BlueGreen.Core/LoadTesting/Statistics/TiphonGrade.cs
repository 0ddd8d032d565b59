namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>ETSI TIPHON quality category. The values are the index paper 000 uses (1 = very good .. 4 = poor).</summary>
public enum TiphonGrade
{
    /// <summary>Index 1, "sangat baik".</summary>
    VeryGood = 1,

    /// <summary>Index 2, "baik".</summary>
    Good = 2,

    /// <summary>Index 3, "sedang".</summary>
    Medium = 3,

    /// <summary>Index 4, "buruk".</summary>
    Poor = 4,
}
