using BlueGreen.Core.Status;

namespace BlueGreen.Core.Deployment;

/// <summary>
/// Runs an environment's smoke checks against one target: a server directly (bypassing the load balancer) or the
/// front end. Each check must answer the expected status (and body text), and the answer must come from the
/// expected version (<c>X-App-Version</c>, else the version path), which proves it reached the new version and
/// not the old colour. Retries each check a few times, since a service may need a moment after it starts.
/// </summary>
public sealed class SmokeTester(HttpClient httpClient, ServerVersionProbe versionProbe, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<SmokeResult>> RunAsync(
        string target, string baseUrl, DeploymentOptions options, string versionPath, string expectedVersion, CancellationToken cancellationToken)
    {
        var results = new List<SmokeResult>();
        foreach (var check in options.SmokeChecks)
        {
            SmokeResult result = new() { Target = target, Check = check.Name };
            for (var attempt = 1; attempt <= Math.Max(1, options.SmokeAttempts); attempt++)
            {
                result = await RunOnceAsync(target, baseUrl, check, options, versionPath, expectedVersion, cancellationToken).ConfigureAwait(false);
                result.Attempts = attempt;
                if (result.Passed)
                {
                    break;
                }
                if (attempt < options.SmokeAttempts)
                {
                    await Task.Delay(options.SmokeRetryDelay, timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
            results.Add(result);
        }
        return results;
    }

    private async Task<SmokeResult> RunOnceAsync(
        string target, string baseUrl, SmokeCheckOptions check, DeploymentOptions options, string versionPath, string expectedVersion, CancellationToken cancellationToken)
    {
        var result = new SmokeResult { Target = target, Check = check.Name, At = timeProvider.GetUtcNow() };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(options.SmokeTimeout);
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(check.Method), Combine(baseUrl, check.Path));
            using var response = await httpClient.SendAsync(request, cts.Token).ConfigureAwait(false);
            result.Status = (int)response.StatusCode;
            result.Version = response.Headers.TryGetValues("X-App-Version", out var values) ? values.FirstOrDefault() : null;
            var body = await response.Content.ReadAsStringAsync(cts.Token).ConfigureAwait(false);
            if (result.Status != check.ExpectStatus)
            {
                result.Problem = $"{check.Method} {check.Path} answered {result.Status}, expected {check.ExpectStatus}";
                return result;
            }
            if (check.BodyContains is { Length: > 0 } text && !body.Contains(text, StringComparison.Ordinal))
            {
                result.Problem = $"{check.Method} {check.Path} body does not contain '{text}'";
                return result;
            }
            if (options.SmokeCheckVersion)
            {
                result.Version ??= await versionProbe.ReadVersionAsync(Combine(baseUrl, versionPath), cts.Token).ConfigureAwait(false);
                if (!string.Equals(result.Version, expectedVersion, StringComparison.Ordinal))
                {
                    result.Problem = $"answered from version '{result.Version ?? "unknown"}', expected '{expectedVersion}'";
                    return result;
                }
            }
            result.Passed = true;
        }
        catch (HttpRequestException ex)
        {
            result.Problem = $"{check.Method} {check.Path} failed: {ex.Message}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result.Problem = $"{check.Method} {check.Path} timed out after {options.SmokeTimeout.TotalSeconds:0.#} s";
        }
        return result;
    }

    /// <summary>
    /// Sends <paramref name="requests"/> requests of <paramref name="check"/> to a front end, one after another
    /// <paramref name="spacing"/> apart, and reports errors (no answer or 5xx) and latency. Never throws for the
    /// service's failures; they are what it measures.
    /// </summary>
    public async Task<FrontEndReading> ReadFrontEndAsync(
        string loadBalancer, string baseUrl, SmokeCheckOptions check, int requests, TimeSpan spacing, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        var url = Combine(baseUrl, check.Path);
        var reading = new FrontEndReading { LoadBalancer = loadBalancer, Url = url, At = timeProvider.GetUtcNow(), Requests = requests };
        var latencies = new List<double>(requests);
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requests; i++)
        {
            if (i > 0)
            {
                await Task.Delay(spacing, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            var started = timeProvider.GetTimestamp();
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                using var request = new HttpRequestMessage(new HttpMethod(check.Method), url);
                using var response = await httpClient.SendAsync(request, cts.Token).ConfigureAwait(false);
                await response.Content.LoadIntoBufferAsync(cts.Token).ConfigureAwait(false);
                if (response.Headers.TryGetValues("X-App-Version", out var values) && values.FirstOrDefault() is { } version)
                {
                    versions.Add(version);
                }
                if ((int)response.StatusCode >= 500)
                {
                    reading.Errors++;
                    reading.LastProblem = $"{check.Method} {check.Path} answered {(int)response.StatusCode}";
                }
            }
            catch (HttpRequestException ex)
            {
                reading.Errors++;
                reading.LastProblem = $"{check.Method} {check.Path} failed: {ex.Message}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                reading.Errors++;
                reading.LastProblem = $"{check.Method} {check.Path} timed out after {timeout.TotalSeconds:0.#} s";
            }
            latencies.Add(timeProvider.GetElapsedTime(started).TotalMilliseconds);
        }
        latencies.Sort();
        reading.P50Ms = Percentile(latencies, 0.50);
        reading.P95Ms = Percentile(latencies, 0.95);
        reading.MaxMs = latencies[^1];
        reading.Versions = [.. versions];
        return reading;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, double fraction)
        => sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Combine(string baseUrl, string path) => baseUrl.TrimEnd('/') + "/" + path.TrimStart('/');
}
