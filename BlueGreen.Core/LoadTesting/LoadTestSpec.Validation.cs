using System.Globalization;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Core.LoadTesting;

public sealed partial record LoadTestSpec
{
    private static readonly TimeSpan s_maxTimeout = TimeSpan.FromMinutes(10);
    private static readonly string[] s_methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    private static readonly Uri s_planningUrl = new("http://127.0.0.1/");

    /// <summary>Most criteria a test may carry.</summary>
    public const int MaxCriteria = 20;

    /// <summary>
    /// Checks this spec against the configured <paramref name="limits"/> and environments in one pass: resolves its
    /// target, and yields every problem (each naming the field, what is wrong and the fix; the configured limits are
    /// named by their path) or, when there is none, the spec as it runs and the generator's request.
    /// </summary>
    public LoadTestValidation Validate(LoadTestOptions limits, EnvironmentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<LoadTestProblem>();
        void Add(string field, string problem, string fix) => problems.Add(new LoadTestProblem(field, problem, fix));

        var target = ResolveTarget(catalog, Add);
        ValidateLoad(limits, Add);
        var lengthValid = ValidateLength(limits, Add);
        ValidateTiming(Add);
        if (!s_methods.Contains(Method, StringComparer.Ordinal))
        {
            Add(nameof(Method), $"'{Method}' is not supported.", $"Use one of {string.Join(", ", s_methods)} (upper case).");
        }
        // The planned length needs a valid rate and length; without them the problems above already say enough.
        var planned = lengthValid ? PlannedSeconds() : null;
        if (planned is { } seconds && seconds > limits.MaxDuration.TotalSeconds)
        {
            Add(Duration is null ? nameof(RequestsPerClient) : nameof(Duration),
                $"the test would run {Format(seconds)} s (warm-up included), which exceeds {LoadTestOptions.Path}:MaxDuration {limits.MaxDuration}.",
                $"Shorten it, or raise {LoadTestOptions.Path}:MaxDuration in the configuration.");
        }
        ValidateDeployment(planned, Add);
        var criteria = ValidateCriteria(Add);
        if (problems.Count > 0 || target is null || planned is null)
        {
            return new LoadTestValidation { Problems = problems };
        }
        var spec = this with { Environment = target.Environment.Name, Path = target.Path, Criteria = criteria };
        return new LoadTestValidation { Problems = [], Spec = spec, Request = spec.ToRequest(target.Url, new HttpMethod(spec.Method)), PlannedSeconds = planned.Value };
    }

    /// <summary>Length of the schedule from second 0 (warm-up and ramp included), or null when the rate or times are invalid.</summary>
    private double? PlannedSeconds()
    {
        if (!double.IsFinite(RatePerClient) || RatePerClient <= 0 || WarmUp < TimeSpan.Zero || RampUp < TimeSpan.Zero)
        {
            return null;
        }
        // A rough upper bound first: a tiny rate with a large count would overflow the plan's tick arithmetic.
        var rough = WarmUp.TotalSeconds + RampUp.TotalSeconds + (Duration?.TotalSeconds ?? RequestsPerClient.GetValueOrDefault() / RatePerClient);
        if (rough > TimeSpan.FromDays(1).TotalSeconds)
        {
            return rough;
        }
        // The generator's own plan, so the length shown is the one it runs (the URL does not change it).
        return LoadTestPlan.Create(ToRequest(s_planningUrl, HttpMethod.Get)).EndTicks / (double)LoadTestPlan.TicksPerSecond;
    }

    private void ValidateLoad(LoadTestOptions limits, Action<string, string, string> add)
    {
        if (!double.IsFinite(RatePerClient) || RatePerClient <= 0)
        {
            add(nameof(RatePerClient), $"must be above 0 requests/s (was {Format(RatePerClient)}).", "Use e.g. 100 (paper 000 used 100..450 per client).");
        }
        else if (RatePerClient > limits.MaxRatePerClient)
        {
            add(nameof(RatePerClient), $"rate {Format(RatePerClient)}/s exceeds {LoadTestOptions.Path}:MaxRatePerClient {Format(limits.MaxRatePerClient)}.",
                $"Lower the rate, spread it over more clients, or raise {LoadTestOptions.Path}:MaxRatePerClient in the configuration.");
        }
        if (InFlightCapPerClient is < 1 or > 100_000)
        {
            add(nameof(InFlightCapPerClient), $"must be 1..100000 (was {InFlightCapPerClient}).",
                "Use at least rate x expected latency (e.g. 450/s x 1 s = 450), or leave it out for 1000.");
        }
        if (Clients < 1)
        {
            add(nameof(Clients), $"must be at least 1 (was {Clients}).", "Use 1, or 2 like paper 000.");
        }
        else if (Clients > limits.MaxClients)
        {
            add(nameof(Clients), $"{Clients} clients exceed {LoadTestOptions.Path}:MaxClients {limits.MaxClients}.",
                $"Use fewer clients with a higher rate each, or raise {LoadTestOptions.Path}:MaxClients in the configuration.");
        }
    }

    private bool ValidateLength(LoadTestOptions limits, Action<string, string, string> add)
    {
        var valid = true;
        if ((Duration is null) == (RequestsPerClient is null))
        {
            add($"{nameof(Duration)}/{nameof(RequestsPerClient)}", Duration is null ? "neither is set." : "both are set.",
                "Set exactly one: a Duration (e.g. 60 s) or RequestsPerClient (e.g. 5000, like paper 000).");
            valid = false;
        }
        if (Duration is { } duration && duration < TimeSpan.FromSeconds(1))
        {
            add(nameof(Duration), $"must be at least 1 s (was {Seconds(duration)}).", "Use e.g. 60 s.");
            valid = false;
        }
        else if (Duration is { } tooLong && tooLong > limits.MaxDuration)
        {
            add(nameof(Duration), $"{Seconds(tooLong)} exceeds {LoadTestOptions.Path}:MaxDuration {limits.MaxDuration}.",
                $"Shorten it, or raise {LoadTestOptions.Path}:MaxDuration in the configuration.");
            valid = false;
        }
        if (RequestsPerClient is < 1)
        {
            add(nameof(RequestsPerClient), $"must be at least 1 (was {RequestsPerClient}).", "Use e.g. 5000.");
            valid = false;
        }
        else if (RequestsPerClient is { } count && count > limits.MaxRequestsPerClient)
        {
            add(nameof(RequestsPerClient), $"{count} requests per client exceed {LoadTestOptions.Path}:MaxRequestsPerClient {limits.MaxRequestsPerClient}.",
                $"Ask for fewer, or raise {LoadTestOptions.Path}:MaxRequestsPerClient in the configuration.");
            valid = false;
        }
        return valid;
    }

    private void ValidateTiming(Action<string, string, string> add)
    {
        if (RampUp < TimeSpan.Zero)
        {
            add(nameof(RampUp), $"must not be negative (was {Seconds(RampUp)}).", "Use 0 for none, or e.g. 30 s like paper 002.");
        }
        // In seconds: a saturated time (see SecondsJsonConverter) would overflow TimeSpan arithmetic.
        else if (Duration is { } duration && duration >= TimeSpan.FromSeconds(1) && RampUp.TotalSeconds > WarmUp.TotalSeconds + duration.TotalSeconds)
        {
            add(nameof(RampUp), $"({Format(RampUp.TotalSeconds)} s) is longer than the whole test ({Format(WarmUp.TotalSeconds + duration.TotalSeconds)} s), so the full rate is never reached.",
                "Shorten RampUp or lengthen Duration.");
        }
        if (WarmUp < TimeSpan.Zero || WarmUp.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            add(nameof(WarmUp), $"must be a whole number of seconds, 0 or more (was {Seconds(WarmUp)}); samples are per second.", "Use e.g. 5 s, or 0 for none.");
        }
        if (Timeout <= TimeSpan.Zero || Timeout > s_maxTimeout)
        {
            add(nameof(Timeout), $"must be above 0 and at most {s_maxTimeout.TotalMinutes:0} min (was {Seconds(Timeout)}).", "Use e.g. 5 s.");
        }
    }

    private void ValidateDeployment(double? plannedSeconds, Action<string, string, string> add)
    {
        if (DeployAt is null && DeployVersion is null && DeployStrategy is null)
        {
            return;
        }
        if (DeployAt is not { } at)
        {
            add(nameof(DeployAt), "is missing, but a deployment is described.", "Set DeployAt (e.g. 20 s from the start), or remove DeployVersion and DeployStrategy.");
            return;
        }
        if (at < TimeSpan.Zero)
        {
            add(nameof(DeployAt), $"must not be negative (was {Seconds(at)}).", "Use the second of the test at which to deploy, e.g. 20 s.");
        }
        else if (plannedSeconds is { } planned && at.TotalSeconds >= planned)
        {
            add(nameof(DeployAt), $"{Format(at.TotalSeconds)} s is not before the end of the test ({Format(planned)} s), so no deployment would start.",
                "Deploy earlier, or lengthen the test so there is an after phase too.");
        }
        if (string.IsNullOrWhiteSpace(DeployVersion))
        {
            add(nameof(DeployVersion), "is missing, but DeployAt is set.", "Set the version to deploy, e.g. \"2.0.0\".");
        }
        else if (VersionName.Validate(DeployVersion, nameof(DeployVersion)) is { } problem)
        {
            add(nameof(DeployVersion), problem, "Use a version like \"2.0.0\".");
        }
        if (DeployStrategy is { } strategy && !Enum.IsDefined(strategy))
        {
            add(nameof(DeployStrategy), $"{(int)strategy} is not a strategy.", "Use BlueGreen or TwoPhase, or leave it out for the environment's own.");
        }
    }

    /// <summary>Reads every criterion (each problem named <c>Criteria[i]</c> or a part of it); returns their normal texts.</summary>
    private CriteriaTexts ValidateCriteria(Action<string, string, string> add)
    {
        // JSON null reads as none.
        var texts = Criteria ?? CriteriaTexts.None;
        if (texts.Count > MaxCriteria)
        {
            add(nameof(Criteria), $"{texts.Count} criteria given; at most {MaxCriteria} are evaluated.", "Keep the ones a release must meet, e.g. loss during and p99 during.");
        }
        var normal = new List<string>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            if (LoadTestCriterion.TryParse(texts[i], $"{nameof(Criteria)}[{i}]", out var problem) is { } criterion)
            {
                normal.Add(criterion.Text);
            }
            else
            {
                add(problem!.Field, problem.Problem, problem.Fix);
            }
        }
        return CriteriaTexts.From(normal);
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    // In seconds, the unit of the dialog and the REST body.
    private static string Seconds(TimeSpan value) => $"{Format(value.TotalSeconds)} s";
}
