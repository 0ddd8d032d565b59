using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Http;

/// <summary>
/// A lean HTTP/1.1 sender written for load generation, as wrk is: keep-alive connections over plain sockets, the
/// request encoded once, a minimal response parser (<see cref="Http1ResponseParser"/>) that skips the body, pooled
/// buffers and state machines. It costs about half of <see cref="HttpRequestSender"/>'s CPU and none of its
/// per-request objects. Used for plain <c>http://</c> keep-alive targets (<see cref="CanSend"/>); everything else
/// (HTTPS, a new connection per request, Host or Expect headers) keeps <see cref="HttpRequestSender"/>.
/// </summary>
/// <remarks>
/// Same rules as the HTTP sender: no redirects, proxy, cookies, decompression or retries, with one exception that
/// HttpClient makes too: a request that fails on a reused idle connection before any response byte arrived (the
/// server closed it while idle) is sent once more on a new connection. Connections are re-dialled after a minute
/// and dropped after 30 s idle, as the HTTP sender's handler does. In flight never exceeds the generator's cap, so
/// neither do connections.
/// </remarks>
internal sealed class SocketHttpSender : IRequestSender
{
    private static readonly long s_lifetimeTicks = Stopwatch.Frequency * 60;
    private static readonly long s_idleTicks = Stopwatch.Frequency * 30;

    // LIFO: the most recently used connection is the least likely to have been closed by the server while idle.
    private readonly ConcurrentStack<Http1Connection> _idle = new();
    private readonly EndPoint _endPoint;
    private readonly byte[] _request;
    private readonly bool _noBody;
    private readonly bool _hasBody;
    private volatile bool _disposed;

    public SocketHttpSender(LoadTestRequest request)
    {
        if (!CanSend(request))
        {
            throw new ArgumentException("The lean sender sends plain http:// keep-alive requests only.", nameof(request));
        }
        var target = request.Target;
        _endPoint = IPAddress.TryParse(target.DnsSafeHost, out var address)
            ? new IPEndPoint(address, target.Port)
            : new DnsEndPoint(target.DnsSafeHost, target.Port);
        _request = Encode(request);
        _noBody = request.Method == HttpMethod.Head;
        _hasBody = !request.Body.IsEmpty;
    }

    /// <summary>True when this sender can send <paramref name="request"/> exactly as HttpClient would.</summary>
    public static bool CanSend(LoadTestRequest request) =>
        request.Target.Scheme == Uri.UriSchemeHttp
        && request.KeepAlive
        && request.Target.UserInfo.Length == 0
        && !request.Headers.Keys.Any(name => name.Equals("Host", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Expect", StringComparison.OrdinalIgnoreCase));

    /// <summary>The request as it goes on the wire, as HttpClient writes it: request line, Host, headers, body.</summary>
    internal static byte[] Encode(LoadTestRequest request)
    {
        var target = request.Target;
        var host = target.HostNameType == UriHostNameType.IPv6 ? target.Host : target.IdnHost;
        var text = new StringBuilder()
            .Append(request.Method.Method).Append(' ').Append(target.PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(host);
        if (!target.IsDefaultPort)
        {
            text.Append(':').Append(target.Port);
        }
        text.Append("\r\n");
        foreach (var (name, value) in request.Headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        // HttpClient sends a length for a body, and "Content-Length: 0" for a POST, PUT or PATCH without one.
        if (!request.Body.IsEmpty || request.Method == HttpMethod.Post || request.Method == HttpMethod.Put || request.Method == HttpMethod.Patch)
        {
            text.Append("Content-Length: ").Append(request.Body.Length).Append("\r\n");
        }
        text.Append("\r\n");
        var head = Encoding.Latin1.GetBytes(text.ToString());
        var bytes = new byte[head.Length + request.Body.Length];
        head.CopyTo(bytes, 0);
        request.Body.Span.CopyTo(bytes.AsSpan(head.Length));
        return bytes;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RequestOutcome> SendAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            // A retry always dials: another idle connection may have been closed by the same server restart.
            Http1Connection? idle = null;
            var reused = attempt == 0 && TryRentIdle(out idle);
            var connection = idle ?? new Http1Connection(_endPoint);
            try
            {
                if (!reused)
                {
                    await connection.ConnectAsync(_endPoint, cancellationToken).ConfigureAwait(false);
                }
                var keepAlive = await connection.ExchangeAsync(_request, _noBody, cancellationToken).ConfigureAwait(false);
                var response = connection.Response;
                var outcome = RequestOutcome.FromStatus(response.StatusCode, response.BytesReceived);
                Return(connection, keepAlive);
                return outcome;
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // As the HTTP sender: the generator decides whether it was the timeout or a stop.
                connection.Dispose();
                throw new OperationCanceledException(cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
            {
                connection.Dispose();
                var bytes = connection.Response.BytesReceived;
                if (reused && bytes == 0 && !_hasBody && IsStaleConnection(exception))
                {
                    continue; // closed by the server while idle: once more on a new connection, as HttpClient
                }
                return RequestOutcome.Failed(Classify(exception), bytes);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection))
        {
            connection.Dispose();
        }
    }

    private static FailureKind Classify(Exception exception) => exception switch
    {
        Http1ProtocolException protocol => protocol.Kind,
        ObjectDisposedException => FailureKind.Other,
        _ => HttpFailureClassifier.Classify(exception),
    };

    /// <summary>As HttpClient: only a clean end of the connection before any response byte (the server closed it
    /// while idle) is retried; a reset may come after the server processed the request, so it is a failure.</summary>
    private static bool IsStaleConnection(Exception exception) => exception is Http1ProtocolException { EndedEarly: true };

    private bool TryRentIdle(out Http1Connection? connection)
    {
        var now = Stopwatch.GetTimestamp();
        while (_idle.TryPop(out connection))
        {
            // An idle connection with something to read was closed by the server (or got stray bytes, which
            // would be taken for the next answer): never reuse it.
            if (now - connection.LastUsedTicks < s_idleTicks && connection.IsQuietWhileIdle())
            {
                return true;
            }
            connection.Dispose();
        }
        connection = null;
        return false;
    }

    private void Return(Http1Connection connection, bool keepAlive)
    {
        if (!keepAlive || _disposed || Stopwatch.GetTimestamp() - connection.CreatedTicks >= s_lifetimeTicks)
        {
            connection.Dispose();
            return;
        }
        _idle.Push(connection);
        if (_disposed && _idle.TryPop(out var late))
        {
            late.Dispose(); // disposed meanwhile: do not leave a connection open
        }
    }
}
