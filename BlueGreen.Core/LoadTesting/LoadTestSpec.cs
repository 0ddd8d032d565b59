using System.Text.Json.Serialization;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// A load test as an operator asks for it: which part of which environment, how hard, how long, and optionally a
/// deployment to start during it. The one shape of that question: the New load test dialog builds it, the REST API
/// takes it as its body and returns it, and it is stored with the test as its settings. <see cref="Validate"/> checks
/// it against the configured limits and turns it into the generator's <see cref="LoadTestRequest"/>.
/// </summary>
/// <remarks>
/// Times are relative to second 0 of the run (warm-up included), as on the charts. In JSON they are numbers of
/// seconds named <c>durationSeconds</c>, <c>rampUpSeconds</c>, <c>warmUpSeconds</c>, <c>timeoutSeconds</c> and
/// <c>deployAtSeconds</c> (docs/api.md); LiteDB stores them as <see cref="TimeSpan"/>s under the property names, as
/// the first release did, so stored tests keep reading. Nothing is required when reading: what is missing or out of
/// range is named by <see cref="Validate"/>, one problem per field.
/// </remarks>
public sealed partial record LoadTestSpec
{
    /// <summary>The environment (as configured, case-insensitive).</summary>
    public string Environment { get; init; } = "";

    /// <summary>Front end (default) or one server of the environment.</summary>
    public LoadTestTarget Target { get; init; } = LoadTestTarget.FrontEnd;

    /// <summary>With <see cref="LoadTestTarget.Server"/>: the server's name (its HAProxy name).</summary>
    public string? Server { get; init; }

    /// <summary>With <see cref="LoadTestTarget.FrontEnd"/>: which load balancer; null for the environment's first.</summary>
    public string? LoadBalancer { get; init; }

    /// <summary>
    /// Path and query on the target's host, starting with '/' (no scheme, no host), e.g. <c>/api/items?page=2</c>;
    /// null for the environment's <see cref="Environments.EnvironmentOptions.LoadPath"/>. A started test stores the
    /// path it used.
    /// </summary>
    public string? Path { get; init; }

    /// <summary>Requests per second per client (paper 000: 100..450).</summary>
    public double RatePerClient { get; init; }

    /// <summary>Independent clients (paper 000: 2).</summary>
    public int Clients { get; init; } = 1;

    /// <summary>Measured length (after the warm-up). Set this or <see cref="RequestsPerClient"/>.</summary>
    [JsonPropertyName("durationSeconds")]
    [JsonConverter(typeof(SecondsJsonConverter))]
    public TimeSpan? Duration { get; init; }

    /// <summary>Measured requests per client (paper 000: 5000). Set this or <see cref="Duration"/>.</summary>
    public long? RequestsPerClient { get; init; }

    /// <summary>Linear ramp of the rate from 0 (paper 002: 30 s).</summary>
    [JsonPropertyName("rampUpSeconds")]
    [JsonConverter(typeof(SecondsJsonConverter))]
    public TimeSpan RampUp { get; init; } = TimeSpan.Zero;

    /// <summary>Leading whole seconds left out of the statistics.</summary>
    [JsonPropertyName("warmUpSeconds")]
    [JsonConverter(typeof(SecondsJsonConverter))]
    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    /// <summary>Per request, from its send to the end of the response.</summary>
    [JsonPropertyName("timeoutSeconds")]
    [JsonConverter(typeof(SecondsJsonConverter))]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most requests in flight per client (null: the generator's default, 1000); a request due beyond it is counted
    /// unsent. Paper 002's JMeter thread counts (50 / 260 / 500) are such caps.
    /// </summary>
    public int? InFlightCapPerClient { get; init; }

    /// <summary>Reuse connections (default) or open one per request, as httperf does by default.</summary>
    public bool KeepAlive { get; init; } = true;

    /// <summary>HTTP method, sent without a body: GET (default), HEAD, POST, PUT, PATCH, DELETE or OPTIONS.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>When to start a deployment of <see cref="DeployVersion"/>, from second 0; null for none.</summary>
    [JsonPropertyName("deployAtSeconds")]
    [JsonConverter(typeof(SecondsJsonConverter))]
    public TimeSpan? DeployAt { get; init; }

    /// <summary>The version deployed at <see cref="DeployAt"/>.</summary>
    public string? DeployVersion { get; init; }

    /// <summary>The strategy of that deployment; null for the environment's configured one.</summary>
    public DeploymentStrategy? DeployStrategy { get; init; }

    /// <summary>
    /// Pass/fail criteria as text, e.g. <c>loss during &lt;= 0 %</c> or <c>p99 during &lt;= 2 x p99 before</c>
    /// (<see cref="LoadTestCriterion"/>), evaluated when the test ends into its verdict; empty for none. A
    /// started test stores them in their normal form.
    /// </summary>
    public CriteriaTexts Criteria { get; init; } = CriteriaTexts.None;

    /// <summary>
    /// Seconds (the unit of the dialog and the REST body) as a spec's time. A value too large for a
    /// <see cref="TimeSpan"/> (or NaN) becomes <see cref="TimeSpan.MaxValue"/>, a too negative one
    /// <see cref="TimeSpan.MinValue"/>: <see cref="Validate"/> then names the field, where a conversion would overflow.
    /// </summary>
    public static TimeSpan FromSeconds(double seconds) => seconds switch
    {
        double.NaN => TimeSpan.MaxValue,
        >= 0 when seconds >= TimeSpan.MaxValue.TotalSeconds => TimeSpan.MaxValue,
        < 0 when seconds <= TimeSpan.MinValue.TotalSeconds => TimeSpan.MinValue,
        _ => TimeSpan.FromSeconds(seconds),
    };
}
