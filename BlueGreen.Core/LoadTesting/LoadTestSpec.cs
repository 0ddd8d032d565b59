using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// A load test as an operator asks for it: which part of which environment, how hard, how long, and optionally a
/// deployment to start during it. Checked by <see cref="Validate"/> against the configured limits; turned into a
/// <see cref="LoadTestRequest"/> by <see cref="LoadTestService.Start"/>.
/// </summary>
/// <remarks>Times are relative to second 0 of the run (warm-up included), as on the charts.</remarks>
public sealed partial class LoadTestSpec
{
    /// <summary>The environment (as configured, case-insensitive).</summary>
    public required string Environment { get; init; }

    /// <summary>Front end (default) or one server of the environment.</summary>
    public LoadTestTarget Target { get; init; } = LoadTestTarget.FrontEnd;

    /// <summary>With <see cref="LoadTestTarget.Server"/>: the server's name (its HAProxy name).</summary>
    public string? Server { get; init; }

    /// <summary>With <see cref="LoadTestTarget.FrontEnd"/>: which load balancer; null for the environment's first.</summary>
    public string? LoadBalancer { get; init; }

    /// <summary>Path and query on the target's host, starting with '/' (no scheme, no host), e.g. <c>/api/items?page=2</c>.</summary>
    public string Path { get; init; } = "/";

    /// <summary>Requests per second per client (paper 000: 100..450).</summary>
    public required double RatePerClient { get; init; }

    /// <summary>Independent clients (paper 000: 2).</summary>
    public int Clients { get; init; } = 1;

    /// <summary>Measured length (after the warm-up). Set this or <see cref="RequestsPerClient"/>.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Measured requests per client (paper 000: 5000). Set this or <see cref="Duration"/>.</summary>
    public long? RequestsPerClient { get; init; }

    /// <summary>Linear ramp of the rate from 0 (paper 002: 30 s).</summary>
    public TimeSpan RampUp { get; init; } = TimeSpan.Zero;

    /// <summary>Leading whole seconds left out of the statistics.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    /// <summary>Per request, from its send to the end of the response.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reuse connections (default) or open one per request, as httperf does by default.</summary>
    public bool KeepAlive { get; init; } = true;

    /// <summary>HTTP method, sent without a body: GET (default), HEAD, POST, PUT, PATCH, DELETE or OPTIONS.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>When to start a deployment of <see cref="DeployVersion"/>, from second 0; null for none.</summary>
    public TimeSpan? DeployAt { get; init; }

    /// <summary>The version deployed at <see cref="DeployAt"/>.</summary>
    public string? DeployVersion { get; init; }

    /// <summary>The strategy of that deployment; null for the environment's configured one.</summary>
    public DeploymentStrategy? DeployStrategy { get; init; }
}
