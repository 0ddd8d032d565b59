namespace BlueGreen.Core.Deployment;

/// <summary>
/// What users get through one load balancer's front end right now: a short burst of requests (the first smoke
/// check's request), with the error rate and latency. Approval evidence: it is taken while a deployment waits for
/// an operator, so the decision is made with the live service's numbers in view.
/// </summary>
public sealed class FrontEndReading
{
    public string LoadBalancer { get; set; } = "";
    public string Url { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public int Requests { get; set; }

    /// <summary>Requests that failed: no answer (refused, reset, timeout) or an HTTP 5xx.</summary>
    public int Errors { get; set; }

    public double P50Ms { get; set; }
    public double P95Ms { get; set; }
    public double MaxMs { get; set; }

    /// <summary>The versions that answered (<c>X-App-Version</c>), so the reading shows which group served it.</summary>
    public List<string> Versions { get; set; } = [];

    /// <summary>The last failure's text, if any failed.</summary>
    public string? LastProblem { get; set; }

    public double ErrorRatePercent => Requests == 0 ? 0 : 100.0 * Errors / Requests;
}
