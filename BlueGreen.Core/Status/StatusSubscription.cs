using System.Threading.Channels;

namespace BlueGreen.Core.Status;

/// <summary>A live subscription to environment statuses. Dispose to unsubscribe; <see cref="Reader"/> then completes.</summary>
public sealed class StatusSubscription(ChannelReader<EnvironmentStatus> reader, Action unsubscribe) : IDisposable
{
    private int _disposed;

    public ChannelReader<EnvironmentStatus> Reader => reader;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            unsubscribe();
        }
    }
}
