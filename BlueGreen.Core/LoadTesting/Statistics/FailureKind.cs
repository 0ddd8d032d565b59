namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>Why a sent request failed. Every sent request ends either ok (a status below 400) or in exactly one of these.</summary>
public enum FailureKind
{
    /// <summary>The TCP connection was refused (nothing listening, or the load balancer has no front end).</summary>
    ConnectionRefused,

    /// <summary>The connection was reset or closed by the peer before a complete response arrived.</summary>
    Reset,

    /// <summary>No complete response within the request's timeout (measured from the actual send).</summary>
    Timeout,

    /// <summary>An HTTP status 500-599 (or above 599).</summary>
    Http5xx,

    /// <summary>An HTTP status 400-499.</summary>
    Http4xx,

    /// <summary>Anything else (name resolution, TLS, protocol errors, a sender bug).</summary>
    Other,

    /// <summary>Still in flight when the run was stopped early, and cancelled after the stop grace period.</summary>
    Aborted,
}
