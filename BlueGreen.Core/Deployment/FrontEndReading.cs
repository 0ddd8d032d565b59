namespace BlueGreen.Core.Deployment;

/// <summary>
/// What users get through one load balancer's front end right now: a short burst of requests (the first smoke
/// check's request), with the error rate and latency. Approval evidence: it is taken while a deployment waits for
/// an operator, so the decision is made with the live service's numbers in view.
/// </summary>
public sealed record FrontEndReading
{
    public string LoadBalancer { get; init; } = "";
    public string Url { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public int Requests { get; init; }

    /// <summary>Requests that failed: no answer (refused, reset, timeout) or an HTTP 5xx.</summary>
    public int Errors { get; init; }

    public double P50Ms { get; init; }
    public double P95Ms { get; init; }
    public double MaxMs { get; init; }

    /// <summary>The versions that answered (<c>X-App-Version</c>), so the reading shows which group served it.</summary>
    public IReadOnlyList<string> Versions { get; init; } = [];

    /// <summary>The last failure's text, if any failed.</summary>
    public string? LastProblem { get; init; }

    public double ErrorRatePercent => Requests == 0 ? 0 : 100.0 * Errors / Requests;
}
