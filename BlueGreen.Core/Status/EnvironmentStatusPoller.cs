using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlueGreen.Core.Status;

/// <summary>
/// Polls every load balancer of every environment and the servers' versions, and publishes the result to the
/// <see cref="EnvironmentStatusStore"/>. A failed read keeps the last good state, marked stale.
/// </summary>
public sealed partial class EnvironmentStatusPoller(
    EnvironmentCatalog catalog,
    LoadBalancerRegistry registry,
    EnvironmentStatusStore store,
    ServerVersionProbe versionProbe,
    IOptions<BlueGreenOptions> options,
    TimeProvider timeProvider,
    ILogger<EnvironmentStatusPoller> logger) : BackgroundService
{
    private readonly Dictionary<(string, string), LoadBalancerStatus> _last = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StatusPollInterval, timeProvider);
        do
        {
            try
            {
                await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A bug in one poll must not stop the Overview from updating.
                logger.LogError(ex, "Status poll failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Reads every environment once and publishes it. Environments are read in parallel.</summary>
    public Task PollOnceAsync(CancellationToken cancellationToken)
        => Task.WhenAll(catalog.All.Select(e => PollEnvironmentAsync(e, cancellationToken)));

    private async Task PollEnvironmentAsync(EnvironmentOptions environment, CancellationToken cancellationToken)
    {
        var versionsTask = versionProbe.ReadVersionsAsync(environment, cancellationToken);
        var lbStatuses = await Task.WhenAll(environment.LoadBalancers.Select(lb => ReadLoadBalancerAsync(environment, lb, cancellationToken))).ConfigureAwait(false);
        var versions = await versionsTask.ConfigureAwait(false);
        store.Publish(EnvironmentStatusBuilder.Build(environment, lbStatuses, versions, timeProvider.GetUtcNow(), registry.NoticeFor(environment.Name)));
    }

    private async Task<LoadBalancerStatus> ReadLoadBalancerAsync(EnvironmentOptions environment, LoadBalancerOptions lb, CancellationToken cancellationToken)
    {
        var registered = registry.Get(environment.Name, lb);
        var key = (environment.Name, lb.Name);
        LoadBalancerStatus status;
        try
        {
            var state = await registered.Control.ReadStateAsync(cancellationToken).ConfigureAwait(false);
            status = new LoadBalancerStatus
            {
                Name = lb.Name,
                Address = registered.Control.Address,
                Kind = registered.Kind,
                StatsUrl = registered.StatsUrl,
                Reachable = true,
                LastSuccessAt = state.ReadAt,
                State = state,
            };
        }
        catch (Exception ex) when (ex is LoadBalancerException or TimeoutException or IOException)
        {
            LogReadFailed(environment.Name, lb.Name, ex.Message);
            var previous = LastFor(key);
            status = new LoadBalancerStatus
            {
                Name = lb.Name,
                Address = registered.Control.Address,
                Kind = registered.Kind,
                StatsUrl = registered.StatsUrl,
                Reachable = false,
                LastError = ex.Message,
                LastSuccessAt = previous?.LastSuccessAt,
                State = previous?.State,
            };
        }
        lock (_last)
        {
            _last[key] = status;
        }
        return status;
    }

    private LoadBalancerStatus? LastFor((string, string) key)
    {
        lock (_last)
        {
            return _last.GetValueOrDefault(key);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading {LoadBalancer} of {Environment} failed: {Error}")]
    private partial void LogReadFailed(string environment, string loadBalancer, string error);
}
