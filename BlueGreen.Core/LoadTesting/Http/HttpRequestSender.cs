using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Core.LoadTesting.Http;

/// <summary>
/// The HTTP sender of one client: one <see cref="SocketsHttpHandler"/> (its own connection pool) shared by all the
/// client's requests. No redirects, no proxy, no cookies, no decompression and no retry or resilience handlers:
/// anything that would hide or smooth a failure is off. HTTP/1.1 exactly, like httperf and JMeter.
/// </summary>
internal sealed class HttpRequestSender : IRequestSender
{
    private const int ReadBufferSize = 16 * 1024;

    private readonly HttpMessageInvoker _invoker;
    private readonly LoadTestRequest _request;

    public HttpRequestSender(LoadTestRequest request)
    {
        _request = request;
        var connections = request.Model == LoadModel.ClosedLoop ? request.ConnectionsPerClient : request.InFlightCapPerClient;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            // In flight never exceeds the cap, so a due request never queues for a connection inside the handler.
            MaxConnectionsPerServer = connections,
            // Re-dial now and then, so a long run also sees a load balancer that balances per connection (or a
            // changed DNS entry) switch over, instead of staying pinned to the first back end.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = request.Timeout,
            Expect100ContinueTimeout = TimeSpan.Zero,
        };
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    // Pooled: the generator awaits every call exactly once, so the state machine's box is reused, not allocated.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RequestOutcome> SendAsync(CancellationToken cancellationToken)
    {
        using var message = CreateMessage();
        long bytes = 0;
        try
        {
            using var response = await _invoker.SendAsync(message, cancellationToken).ConfigureAwait(false);
            bytes = HttpFailureClassifier.EstimateHeaderBytes(response);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
                try
                {
                    int read;
                    while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        bytes += read;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            return RequestOutcome.FromStatus((int)response.StatusCode, bytes);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Cancellation may surface as an IOException from an aborted socket; the generator decides whether it
            // was the timeout or a stop.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return RequestOutcome.Failed(HttpFailureClassifier.Classify(exception), bytes);
        }
    }

    public void Dispose() => _invoker.Dispose();

    private HttpRequestMessage CreateMessage()
    {
        var message = new HttpRequestMessage(_request.Method, _request.Target)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (!_request.KeepAlive)
        {
            // The server closes after the response and the handler never reuses the connection: one per request.
            message.Headers.ConnectionClose = true;
        }
        if (!_request.Body.IsEmpty)
        {
            message.Content = new ReadOnlyMemoryContent(_request.Body);
        }
        foreach (var (name, value) in _request.Headers)
        {
            // Request headers first; a content header (rejected there) goes on the content (validated to exist).
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return message;
    }
}
