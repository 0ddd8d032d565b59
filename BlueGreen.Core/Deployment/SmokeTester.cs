using BlueGreen.Core.Environments;
using BlueGreen.Core.Status;
using MathNet.Numerics.Statistics;

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
                result = await RunOnceAsync(target, baseUrl, check, options, versionPath, expectedVersion, cancellationToken).ConfigureAwait(false) with { Attempts = attempt };
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
            var status = (int)response.StatusCode;
            result = result with { Status = status, Version = response.Headers.TryGetValues("X-App-Version", out var values) ? values.FirstOrDefault() : null };
            var body = await response.Content.ReadAsStringAsync(cts.Token).ConfigureAwait(false);
            if (status != check.ExpectStatus)
            {
                return result with { Problem = $"{check.Method} {check.Path} answered {status}, expected {check.ExpectStatus}" };
            }
            if (check.BodyContains is { Length: > 0 } text && !body.Contains(text, StringComparison.Ordinal))
            {
                return result with { Problem = $"{check.Method} {check.Path} body does not contain '{text}'" };
            }
            if (options.SmokeCheckVersion)
            {
                var version = result.Version ?? await versionProbe.ReadVersionAsync(Combine(baseUrl, versionPath), cts.Token).ConfigureAwait(false);
                result = result with { Version = version };
                if (!string.Equals(version, expectedVersion, StringComparison.Ordinal))
                {
                    return result with { Problem = $"answered from version '{version ?? "unknown"}', expected '{expectedVersion}'" };
                }
            }
            return result with { Passed = true };
        }
        catch (HttpRequestException ex)
        {
            return result with { Problem = $"{check.Method} {check.Path} failed: {ex.Message}" };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return result with { Problem = $"{check.Method} {check.Path} timed out after {options.SmokeTimeout.TotalSeconds:0.#} s" };
        }
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
        var at = timeProvider.GetUtcNow();
        var errors = 0;
        string? lastProblem = null;
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
                    errors++;
                    lastProblem = $"{check.Method} {check.Path} answered {(int)response.StatusCode}";
                }
            }
            catch (HttpRequestException ex)
            {
                errors++;
                lastProblem = $"{check.Method} {check.Path} failed: {ex.Message}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                errors++;
                lastProblem = $"{check.Method} {check.Path} timed out after {timeout.TotalSeconds:0.#} s";
            }
            latencies.Add(timeProvider.GetElapsedTime(started).TotalMilliseconds);
        }
        // Nearest rank (the inverse of the empirical distribution): a reported latency is one that was measured.
        return new FrontEndReading
        {
            LoadBalancer = loadBalancer,
            Url = url,
            At = at,
            Requests = requests,
            Errors = errors,
            LastProblem = lastProblem,
            P50Ms = MathNet.Numerics.Statistics.Statistics.QuantileCustom(latencies, 0.50, QuantileDefinition.EmpiricalInvCDF),
            P95Ms = MathNet.Numerics.Statistics.Statistics.QuantileCustom(latencies, 0.95, QuantileDefinition.EmpiricalInvCDF),
            MaxMs = MathNet.Numerics.Statistics.Statistics.Maximum(latencies),
            Versions = [.. versions],
        };
    }

    private static string Combine(string baseUrl, string path) => baseUrl.TrimEnd('/') + "/" + path.TrimStart('/');
}
