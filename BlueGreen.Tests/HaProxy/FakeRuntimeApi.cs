using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.HaProxy;

/// <summary>
/// A unix socket that behaves like HAProxy's non-interactive CLI: reads one line, answers with what the responder
/// returns, closes. A null answer holds the connection open without answering (to provoke timeouts). Records the
/// commands and the highest number of connections open at once.
/// </summary>
internal sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<string, Task<string?>> _responder;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly string _folder;
    private int _open;
    private int _maxOpen;

    private FakeRuntimeApi(Func<string, Task<string?>> responder)
    {
        _responder = responder;
        _folder = Integration.TempFolder("fakecli");
        SocketPath = Path.Combine(_folder, "admin.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        _acceptLoop = AcceptLoopAsync();
    }

    public string SocketPath { get; }

    public ConcurrentQueue<string> Commands { get; } = new();

    public int MaxConcurrentConnections => Volatile.Read(ref _maxOpen);

    public static FakeRuntimeApi StartAsyncResponder(Func<string, Task<string?>> responder) => new(responder);

    public static FakeRuntimeApi Start(Func<string, string?> responder) => new(c => Task.FromResult(responder(c)));

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _stop.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task AcceptLoopAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
                connections.Add(ServeAsync(socket));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    private async Task ServeAsync(Socket socket)
    {
        var open = Interlocked.Increment(ref _open);
        InterlockedMax(ref _maxOpen, open);
        try
        {
            using (socket)
            {
                var received = new StringBuilder();
                var buffer = new byte[1024];
                while (!received.ToString().Contains('\n'))
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }
                    received.Append(Encoding.UTF8.GetString(buffer, 0, read));
                }
                var command = received.ToString().Split('\n')[0];
                Commands.Enqueue(command);
                var answer = await _responder(command).ConfigureAwait(false);
                if (answer is null)
                {
                    // Hold the connection open and silent until the client gives up or the fake stops.
                    _ = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    return;
                }
                await socket.SendAsync(Encoding.UTF8.GetBytes(answer), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
