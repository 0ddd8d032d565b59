namespace BlueGreen.Core.References;

/// <summary>When paper 000 measured, relative to the update (its three test conditions).</summary>
public enum Paper000Condition
{
    /// <summary>"sebelum update aplikasi", 5 repetitions per scenario.</summary>
    Before,

    /// <summary>"sedang update aplikasi", 3 repetitions per scenario.</summary>
    During,

    /// <summary>"setelah update aplikasi", 5 repetitions per scenario.</summary>
    After,
}
