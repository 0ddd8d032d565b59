namespace BlueGreen.Core.LoadBalancing;

/// <summary>A load balancer that can close a server's remaining sessions (HAProxy: <c>shutdown sessions server</c>).</summary>
public interface ISessionControl
{
    Task ShutdownSessionsAsync(string server, CancellationToken cancellationToken);
}
