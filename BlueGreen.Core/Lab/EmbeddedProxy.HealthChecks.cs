using System.Net;
using BlueGreen.Core.LoadBalancing;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.Lab;

// Health checks: one loop per server, HAProxy's rise / fall counting and check status codes.
public sealed partial class EmbeddedProxy
{
    private async Task CheckLoopAsync(EmbeddedProxyBackendServer server, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            int epoch;
            bool inMaint;
            lock (_stateLock)
            {
                epoch = server.MaintEpoch;
                inMaint = server.Admin == AdminState.Maint;
            }
            try
            {
                if (!inMaint)
                {
                    var (passed, status) = await CheckOnceAsync(server, cancellationToken);
                    ApplyCheck(server, epoch, passed, status);
                }
                await WaitForNextCheckAsync(server, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A bug here must not end the checks for good: log it and try again next interval.
                _logger.LogError(ex, "Health check loop of {Backend}/{Server} failed", _options.Backend, server.Name);
                await Task.Delay(_options.HealthInterval, _timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task WaitForNextCheckAsync(EmbeddedProxyBackendServer server, CancellationToken cancellationToken)
    {
        using var interval = new CancellationTokenSource(_options.HealthInterval, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token);
        try
        {
            // Ends early when someone asks for a check now (a server leaving Maint).
            await server.CheckNow.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The interval elapsed.
        }
    }

    /// <summary>GET HealthPath on a fresh connection (as HAProxy does, so a server that stopped accepting fails its
    /// check even while an old keep-alive connection still works). 2xx / 3xx pass.</summary>
    private async Task<(bool Passed, string Status)> CheckOnceAsync(EmbeddedProxyBackendServer server, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, server.HealthUri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.ConnectionClose = true;
        var timeout = _options.HealthInterval > _options.ConnectTimeout ? _options.HealthInterval : _options.ConnectTimeout;
        using var checkTimeout = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, checkTimeout.Token);
        try
        {
            using var response = await _invoker.SendAsync(request, linked.Token);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400 ? (true, "L7OK") : (false, "L7STS");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            return (false, ex.InnerException is TimeoutException ? "L4TOUT" : "L7TOUT");
        }
        catch (HttpRequestException ex)
        {
            return (false, ex.HttpRequestError == HttpRequestError.ConnectionError ? "L4CON" : "L7RSP");
        }
    }

    private void ApplyCheck(EmbeddedProxyBackendServer server, int epoch, bool passed, string status)
    {
        OperationalState before;
        OperationalState after;
        lock (_stateLock)
        {
            // A check that started before a move into or out of Maint says nothing about the server now.
            if (server.MaintEpoch != epoch || server.Admin == AdminState.Maint)
            {
                return;
            }
            server.CheckStatus = status;
            before = server.Operational;
            (after, server.CheckStreak) = (before, passed) switch
            {
                (OperationalState.Up, true) => (OperationalState.Up, 0),
                (OperationalState.Up, false) => _options.Fall <= 1 ? (OperationalState.Down, 0) : (OperationalState.Stopping, 1),
                (OperationalState.Stopping, true) => (OperationalState.Up, 0),
                (OperationalState.Stopping, false) => server.CheckStreak + 1 >= _options.Fall
                    ? (OperationalState.Down, 0) : (OperationalState.Stopping, server.CheckStreak + 1),
                (OperationalState.Down, true) => _options.Rise <= 1 ? (OperationalState.Up, 0) : (OperationalState.Starting, 1),
                (OperationalState.Down, false) => (OperationalState.Down, 0),
                (OperationalState.Starting, true) => server.CheckStreak + 1 >= _options.Rise
                    ? (OperationalState.Up, 0) : (OperationalState.Starting, server.CheckStreak + 1),
                (OperationalState.Starting, false) => (OperationalState.Down, 0),
                _ => (before, 0),
            };
            server.Operational = after;
            if (before == after)
            {
                return;
            }
            RebuildRotation();
        }
        var level = after is OperationalState.Up or OperationalState.Down ? LogLevel.Information : LogLevel.Debug;
        _logger.Log(level, "Server {Backend}/{Server} is {State} (was {Previous}), check {CheckStatus}",
            _options.Backend, server.Name, after, before, status);
    }
}
