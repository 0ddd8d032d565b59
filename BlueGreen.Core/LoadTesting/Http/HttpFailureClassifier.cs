using System.Net.Sockets;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Http;

/// <summary>Maps transport exceptions to <see cref="FailureKind"/>, and sizes response headers.</summary>
internal static class HttpFailureClassifier
{
    /// <summary>Classifies an <see cref="HttpRequestException"/> or <see cref="IOException"/> from sending or reading.</summary>
    public static FailureKind Classify(Exception exception)
    {
        // The socket error, when there is one, is the most precise answer.
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => FailureKind.ConnectionRefused,
                    SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown
                        or SocketError.NetworkReset or SocketError.Disconnecting => FailureKind.Reset,
                    SocketError.TimedOut => FailureKind.Timeout,
                    _ => FailureKind.Other,
                };
            }
            if (inner is TimeoutException)
            {
                return FailureKind.Timeout;
            }
        }
        var error = exception switch
        {
            HttpRequestException http => http.HttpRequestError,
            HttpIOException io => io.HttpRequestError,
            _ => HttpRequestError.Unknown,
        };
        // The peer closed the connection before a whole response: a reset from the client's point of view.
        return error == HttpRequestError.ResponseEnded ? FailureKind.Reset : FailureKind.Other;
    }

    /// <summary>
    /// Size of the status line and headers as they were on the wire (HTTP/1.1), reconstructed: HttpClient does not
    /// expose the raw bytes, and httperf's and paper 000's KB/s count headers too.
    /// </summary>
    public static long EstimateHeaderBytes(HttpResponseMessage response)
    {
        // "HTTP/1.1 200 " + reason + CRLF, and the CRLF that ends the header block.
        long bytes = 13 + (response.ReasonPhrase?.Length ?? 0) + 2 + 2;
        foreach (var header in response.Headers.NonValidated)
        {
            bytes += HeaderBytes(header.Key, header.Value);
        }
        foreach (var header in response.Content.Headers.NonValidated)
        {
            bytes += HeaderBytes(header.Key, header.Value);
        }
        return bytes;
    }

    private static long HeaderBytes(string name, System.Net.Http.Headers.HeaderStringValues values)
    {
        // "Name: v1, v2\r\n"
        long bytes = name.Length + 2 + 2;
        var first = true;
        foreach (var value in values)
        {
            bytes += value.Length + (first ? 0 : 2);
            first = false;
        }
        return bytes;
    }
}
