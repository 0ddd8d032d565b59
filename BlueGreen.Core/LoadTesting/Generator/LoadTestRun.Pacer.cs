using System.Diagnostics;

namespace BlueGreen.Core.LoadTesting.Generator;

public sealed partial class LoadTestRun
{
    private readonly TaskCompletionSource _pacerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopped;
    private Exception? _pacerFault;

    // The dedicated pacer thread: a pass over all clients about every millisecond. Each pass issues every request
    // whose intended time is due, computed from the schedule, so sleep jitter never changes how many are sent.
    private void PacerLoop()
    {
        try
        {
            while (true)
            {
                var now = Stopwatch.GetTimestamp();
                if (_stopToken.IsCancellationRequested)
                {
                    StopRunners(now);
                    break;
                }
                var allDone = true;
                foreach (var runner in _runners)
                {
                    allDone &= runner.IsFinished || runner.Pace(now);
                }
                if (allDone)
                {
                    break;
                }
                PacerSleep.Pause();
            }
        }
        catch (Exception exception)
        {
            _pacerFault = exception;
            StopRunners(Stopwatch.GetTimestamp());
        }
        finally
        {
            _pacerDone.TrySetResult();
        }
    }

    private void StopRunners(long now)
    {
        _stopped = true;
        foreach (var runner in _runners)
        {
            if (!runner.IsFinished)
            {
                runner.Stop(now);
            }
        }
        // In-flight requests get a short grace, then are aborted (counted as Aborted) so the run ends promptly.
        _abort.CancelAfter(s_stopGrace);
    }
}
