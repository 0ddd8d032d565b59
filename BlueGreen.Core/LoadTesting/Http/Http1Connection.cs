using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace BlueGreen.Core.LoadTesting.Http;

/// <summary>
/// One keep-alive HTTP/1.1 connection of a <see cref="SocketHttpSender"/>: a socket, a pooled receive buffer and a
/// response parser, used by one request at a time. Any error, cancellation or leftover byte closes it.
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    private const int BufferBytes = 16 * 1024;

    private readonly Socket _socket;
    private readonly Http1ResponseParser _parser = new();
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _start;
    private int _end;

    public Http1Connection(EndPoint endPoint)
    {
        _socket = endPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp); // dual mode, for a host name
        _socket.NoDelay = true;
        CreatedTicks = Stopwatch.GetTimestamp();
        LastUsedTicks = CreatedTicks;
    }

    /// <summary>When the connection was made (a <see cref="Stopwatch"/> timestamp).</summary>
    public long CreatedTicks { get; }

    /// <summary>When its last response ended.</summary>
    public long LastUsedTicks { get; private set; }

    /// <summary>Status, bytes and framing of the last response, also after a failure (bytes received so far).</summary>
    public Http1ResponseParser Response => _parser;

    public ValueTask ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken) =>
        _socket.ConnectAsync(endPoint, cancellationToken);

    /// <summary>
    /// Writes <paramref name="request"/> and reads one whole response. Returns true when the connection can carry
    /// the next request (keep-alive, and nothing left over). Throws on a socket error, a malformed or cut response
    /// (<see cref="Http1ProtocolException"/>), or cancellation; the connection must then be disposed.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ExchangeAsync(ReadOnlyMemory<byte> request, bool noBody, CancellationToken cancellationToken)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(Http1Connection));
        _parser.Reset(noBody);
        _start = 0;
        _end = 0;
        while (!request.IsEmpty)
        {
            var sent = await _socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            request = request[sent..];
        }
        while (true)
        {
            if (_end > _start)
            {
                _start += _parser.Parse(buffer.AsSpan(_start, _end - _start));
                if (_parser.IsComplete)
                {
                    break;
                }
            }
            if (_start == _end)
            {
                _start = _end = 0;
            }
            else if (_end == buffer.Length)
            {
                if (_start == 0)
                {
                    throw new Http1ProtocolException($"The response headers are longer than {buffer.Length} bytes.");
                }
                // Keep the unparsed tail (a partial header block or chunk line) and read after it.
                buffer.AsSpan(_start, _end - _start).CopyTo(buffer);
                _end -= _start;
                _start = 0;
            }
            var read = await _socket.ReceiveAsync(buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _parser.EndOfStream();
                LastUsedTicks = Stopwatch.GetTimestamp();
                return false;
            }
            _end += read;
        }
        LastUsedTicks = Stopwatch.GetTimestamp();
        // Bytes after the response (a server that pipelines or misbehaves) would corrupt the next one: close.
        return _parser.KeepAlive && _start == _end;
    }

    /// <summary>False when the idle socket is readable: the server closed it (end of stream or reset) or sent
    /// bytes nobody asked for. One non-blocking poll.</summary>
    public bool IsQuietWhileIdle()
    {
        try
        {
            return !_socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
