using System.Net;
using BlueGreen.Core.LoadBalancing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace BlueGreen.Core.Lab;

// The request path: pick a server, forward with YARP, redispatch what failed before the client saw anything.
public sealed partial class EmbeddedProxy
{
    private static readonly ForwarderRequestConfig s_requestConfig = new()
    {
        // The sample services speak plain HTTP/1.1; a slow request may take up to 30 s (GET /slow).
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        ActivityTimeout = TimeSpan.FromSeconds(100),
    };

    private async Task ForwardAsync(HttpContext context)
    {
        var server = Volatile.Read(ref _rotation).Next(ref _cursor);
        if (server is null)
        {
            await RespondAsync(context, StatusCodes.Status503ServiceUnavailable, "no server is available to handle this request");
            return;
        }

        List<EmbeddedProxyBackendServer>? tried = null;
        for (var attempt = 0; ; attempt++)
        {
            server.BeginSession(_timeProvider.GetTimestamp(), _timeProvider.TimestampFrequency);
            ForwarderError error;
            try
            {
                error = await _forwarder!.SendAsync(context, server.DestinationPrefix, _invoker, s_requestConfig, HttpTransformer.Default);
            }
            finally
            {
                server.EndSession();
            }

            if (error == ForwarderError.None)
            {
                if (context.Response.StatusCode >= 500)
                {
                    Interlocked.Increment(ref server.Http5xx);
                    Interlocked.Increment(ref _backendHttp5xx);
                }
                return;
            }

            var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            var failure = Classify(error, exception, context);
            switch (failure)
            {
                case FailureKind.Client:
                    // The client went away; nobody is left to answer.
                    Interlocked.Increment(ref server.ClientAborts);
                    return;
                case FailureKind.Connect:
                    Interlocked.Increment(ref server.ConnectionErrors);
                    break;
                case FailureKind.ServerAbort:
                    Interlocked.Increment(ref server.ServerAborts);
                    Interlocked.Increment(ref server.ResponseErrors);
                    break;
                default:
                    Interlocked.Increment(ref server.ResponseErrors);
                    break;
            }

            // Safe to send again only while the client has seen nothing and the server cannot have acted on it
            // twice: a failed connect (nothing was sent) or a body-less idempotent request.
            var canRetry = attempt < _options.Retries
                && !context.Response.HasStarted
                && !context.RequestAborted.IsCancellationRequested
                && (failure == FailureKind.Connect || IsReplayable(context));
            EmbeddedProxyBackendServer? next = null;
            if (canRetry)
            {
                (tried ??= []).Add(server);
                next = Volatile.Read(ref _rotation).Next(ref _cursor, tried);
            }
            if (next is null)
            {
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    _logger.LogDebug(exception, "{Method} {Path} failed on {Backend}/{Server} ({Error}); not retried after {Attempts} attempts",
                        context.Request.Method, context.Request.Path, _options.Backend, server.Name, error, attempt + 1);
                }
                if (!context.Response.HasStarted)
                {
                    // HAProxy answers 503 when no connection could be made and 502 when a server broke its answer.
                    await RespondAsync(context, failure == FailureKind.Connect ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
                        failure == FailureKind.Connect ? "no server could be reached" : "the server sent an invalid or incomplete response");
                }
                return;
            }

            Interlocked.Increment(ref server.Retries);
            Interlocked.Increment(ref server.Redispatches);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                _logger.LogDebug("{Method} {Path} failed on {Backend}/{Server} ({Error}); redispatching to {Next}",
                    context.Request.Method, context.Request.Path, _options.Backend, server.Name, error, next.Name);
            }
            // YARP left a 502/504 status and an error feature on the (unstarted) response; start clean.
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
            server = next;
        }
    }

    private async Task RespondAsync(HttpContext context, int statusCode, string reason)
    {
        Interlocked.Increment(ref _backendHttp5xx);
        context.Response.Clear();
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync($"{statusCode} {ReasonPhrase(statusCode)}: {reason} (backend {_options.Backend}).\n", context.RequestAborted);
    }

    private static string ReasonPhrase(int statusCode) =>
        statusCode == StatusCodes.Status503ServiceUnavailable ? "Service Unavailable" : "Bad Gateway";

    private static bool IsReplayable(HttpContext context)
    {
        var method = context.Request.Method;
        var idempotent = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || HttpMethods.IsTrace(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);
        var canHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        return idempotent && !canHaveBody;
    }

    private static FailureKind Classify(ForwarderError error, Exception? exception, HttpContext context)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return FailureKind.Client;
        }
        switch (error)
        {
            case ForwarderError.RequestCanceled:
            case ForwarderError.RequestBodyCanceled:
            case ForwarderError.RequestBodyClient:
            case ForwarderError.ResponseBodyCanceled:
            case ForwarderError.ResponseBodyClient:
            case ForwarderError.UpgradeRequestCanceled:
            case ForwarderError.UpgradeRequestClient:
            case ForwarderError.UpgradeResponseCanceled:
            case ForwarderError.UpgradeResponseClient:
                return FailureKind.Client;
            case ForwarderError.Request or ForwarderError.RequestTimedOut when IsConnectFailure(exception):
                return FailureKind.Connect;
            case ForwarderError.ResponseBodyDestination:
            case ForwarderError.UpgradeResponseDestination:
                return FailureKind.ServerAbort;
            default:
                return FailureKind.Response;
        }
    }

    /// <summary>No connection was made: refused, unreachable, or the connect timeout (SocketsHttpHandler reports that
    /// one as a cancellation wrapping a <see cref="TimeoutException"/>).</summary>
    private static bool IsConnectFailure(Exception? exception)
    {
        if (exception is OperationCanceledException { InnerException: TimeoutException })
        {
            return true;
        }
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            {
                return true;
            }
        }
        return false;
    }

    private enum FailureKind
    {
        /// <summary>No connection could be made; nothing reached the server.</summary>
        Connect,
        /// <summary>The server failed the request or its response headers.</summary>
        Response,
        /// <summary>The server broke off while sending the response body.</summary>
        ServerAbort,
        /// <summary>The client went away.</summary>
        Client,
    }
}
