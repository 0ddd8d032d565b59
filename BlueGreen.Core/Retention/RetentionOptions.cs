namespace BlueGreen.Core.Retention;

/// <summary>
/// How long finished deployments and load tests are kept (<c>BlueGreen:Retention</c>); both off (0) by default: nothing
/// is deleted unless an operator asks. With both set, a run goes only when both allow it (older than
/// <see cref="KeepDays"/> and beyond the newest <see cref="KeepRunsPerEnvironment"/>).
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Delete finished runs older than this many days (0 = keep them whatever their age).</summary>
    public int KeepDays { get; set; }

    /// <summary>Keep at most this many finished deployments and this many load tests per environment, the newest (0 = no limit).</summary>
    public int KeepRunsPerEnvironment { get; set; }

    /// <summary>How often the job runs (daily; the first run is a minute after start).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    public bool Enabled => KeepDays > 0 || KeepRunsPerEnvironment > 0;
}
