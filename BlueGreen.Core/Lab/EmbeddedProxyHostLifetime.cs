using Microsoft.Extensions.Hosting;

namespace BlueGreen.Core.Lab;

/// <summary>
/// The embedded proxy's web host is owned by <see cref="EmbeddedProxy"/>, not by the process: the default console
/// lifetime would hook SIGTERM / Ctrl-C and stop the proxy on its own while the dashboard is still draining.
/// </summary>
internal sealed class EmbeddedProxyHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
