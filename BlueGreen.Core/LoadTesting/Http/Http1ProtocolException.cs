using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Http;

/// <summary>
/// A response that <see cref="Http1ResponseParser"/> could not accept: malformed (counted as
/// <see cref="FailureKind.Other"/>, a protocol error), or cut short by the peer closing the connection
/// (<see cref="EndedEarly"/>, counted as <see cref="FailureKind.Reset"/>, as HttpClient's "response ended").
/// </summary>
internal sealed class Http1ProtocolException(string message, bool endedEarly = false) : IOException(message)
{
    /// <summary>True when the connection closed before the response was complete.</summary>
    public bool EndedEarly { get; } = endedEarly;

    /// <summary>The failure this counts as.</summary>
    public FailureKind Kind => EndedEarly ? FailureKind.Reset : FailureKind.Other;
}
