using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.LoadTesting;

public sealed partial class LoadTestService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Load test {Id} started on {Environment}: {Url} at {Rate}/s x {Clients} client(s), requested by {By}")]
    private partial void LogStarted(string id, string environment, string url, double rate, int clients, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Load test {Id}: stop requested by {By}")]
    private partial void LogStopping(string id, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Load test {Id} ended {State}: intended {Intended}, ok {Ok}, failed {Failed}, unsent {Unsent}")]
    private partial void LogFinished(string id, LoadTestState state, long intended, long ok, long failed, long unsent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Load test {Id} deleted")]
    private partial void LogDeleted(string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Load test {Id} failed")]
    private partial void LogRunFailed(Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Load test {Id}: deploy-at started deployment {DeploymentId} of {Version} on {Environment}")]
    private partial void LogDeployStarted(string id, string deploymentId, string version, string environment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Load test {Id}: deploy-at of {Version} on {Environment} was refused: {Reason}")]
    private partial void LogDeployRefused(string id, string version, string environment, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Load test {Id} on {Environment} was interrupted by a previous stop after {Seconds} second(s)")]
    private partial void LogInterrupted(string id, string environment, int seconds);
}
