namespace BlueGreen.Core.Deployment;

/// <summary>One change on the deployment stream: a saved record, a log line or an event.</summary>
public sealed record DeploymentChange(string DeploymentId, string? Environment, DeploymentRecord? Record = null, DeploymentLogLine? Log = null, DeploymentEvent? Event = null);
