using System.Diagnostics;

namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// A validated request turned into numbers the pacer uses: per-client request totals, the end of the schedule and
/// its last second, all in Stopwatch ticks relative to the run's start.
/// </summary>
internal sealed class LoadTestPlan
{
    public static readonly long TicksPerSecond = Stopwatch.Frequency;

    private LoadTestPlan(LoadTestRequest request)
    {
        Request = request;
        WarmUpSeconds = (int)request.WarmUp.TotalSeconds;
        TimeoutTicks = ToTicks(request.Timeout.TotalSeconds);
        RampUpTicks = ToTicks(request.RampUp.TotalSeconds);
    }

    public LoadTestRequest Request { get; }

    /// <summary>Open model only: the arrival schedule (same for every client).</summary>
    public ArrivalSchedule? Schedule { get; private init; }

    /// <summary>Open model: requests per client including the warm-up. Closed loop: measured quota, or long.MaxValue.</summary>
    public long RequestsPerClient { get; private init; }

    /// <summary>End of the schedule; long.MaxValue when it ends by count in the closed loop (unknown in advance).</summary>
    public long EndTicks { get; private init; }

    /// <summary>Index of the last second, or int.MaxValue when <see cref="EndTicks"/> is unknown.</summary>
    public int LastSecond => EndTicks == long.MaxValue ? int.MaxValue : (int)((EndTicks - 1) / TicksPerSecond);

    public int WarmUpSeconds { get; }

    public long TimeoutTicks { get; }

    public long RampUpTicks { get; }

    public static LoadTestPlan Create(LoadTestRequest request)
    {
        var warmUp = request.WarmUp.TotalSeconds;
        if (request.Model == LoadModel.ClosedLoop)
        {
            return new LoadTestPlan(request)
            {
                RequestsPerClient = request.RequestsPerClient ?? long.MaxValue,
                EndTicks = request.Duration is { } duration ? ToTicks(warmUp + duration.TotalSeconds) : long.MaxValue,
            };
        }
        var schedule = new ArrivalSchedule(request.RatePerClient, request.RampUp);
        if (request.Duration is { } measured)
        {
            var end = warmUp + measured.TotalSeconds;
            return new LoadTestPlan(request) { Schedule = schedule, RequestsPerClient = schedule.CountBefore(end), EndTicks = ToTicks(end) };
        }
        // By count: the schedule ends when the request after the last one would be due, so the last second's
        // length (and throughput) reflects the rate.
        var total = schedule.CountBefore(warmUp) + request.RequestsPerClient!.Value;
        return new LoadTestPlan(request) { Schedule = schedule, RequestsPerClient = total, EndTicks = ToTicks(schedule.TimeOf(total)) };
    }

    /// <summary>Default length of second <paramref name="second"/>: 1 s, or what is left of the schedule.</summary>
    public double DurationOfSecond(int second) =>
        EndTicks == long.MaxValue ? 1 : Math.Clamp((EndTicks - second * TicksPerSecond) / (double)TicksPerSecond, 0, 1);

    public static long ToTicks(double seconds) => (long)Math.Round(seconds * TicksPerSecond);
}
