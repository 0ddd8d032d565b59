using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Core.LoadTesting.Http;

/// <summary>The production transport of the <see cref="LoadGenerator"/>, handed to it by the composition root.</summary>
public static class HttpSenderFactory
{
    /// <summary>
    /// The sender of one client of <paramref name="request"/>: plain <c>http://</c> keep-alive targets through the lean
    /// <see cref="SocketHttpSender"/>, everything else through <see cref="HttpRequestSender"/> (one
    /// <see cref="SocketsHttpHandler"/> per client). Each client has its own connections.
    /// </summary>
    /// <param name="request">The validated request.</param>
    /// <param name="client">The client's index (every client gets its own sender).</param>
    public static IRequestSender Create(LoadTestRequest request, int client) =>
        SocketHttpSender.CanSend(request) ? new SocketHttpSender(request) : new HttpRequestSender(request);
}
