using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Switching;

/// <summary>How the outgoing servers' drain ended (see <see cref="DrainEscalation"/>).</summary>
public enum DrainOutcome
{
    /// <summary>Nothing to drain: the servers were already out of service.</summary>
    None,
    /// <summary>Their sessions and the backend queue reached 0 within the drain timeout.</summary>
    Drained,
    /// <summary>They reached 0 only after one or more drain timeouts (escalation Wait).</summary>
    DrainedLate,
    /// <summary>Sessions were still open at the timeout and were closed (escalation ShutdownSessions).</summary>
    ShutdownSessions,
}
