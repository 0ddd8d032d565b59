using System.Threading.Channels;

namespace BlueGreen.Core;

/// <summary>A live subscription to a stream of <typeparamref name="T"/>. Dispose to unsubscribe; the reader then completes.</summary>
public sealed class Subscription<T>(ChannelReader<T> reader, Action unsubscribe) : IDisposable
{
    private int _disposed;

    public ChannelReader<T> Reader => reader;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            unsubscribe();
        }
    }
}
