using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>How one sent request ended.</summary>
/// <param name="StatusCode">HTTP status, or 0 when no response arrived.</param>
/// <param name="BytesReceived">Response bytes received (headers and body).</param>
/// <param name="Failure">Null when ok (status below 400), else why it failed.</param>
public readonly record struct RequestOutcome(int StatusCode, long BytesReceived, FailureKind? Failure)
{
    /// <summary>True when the request succeeded.</summary>
    public bool IsOk => Failure is null;

    /// <summary>An outcome for a response: below 400 ok, 400-499 <see cref="FailureKind.Http4xx"/>, else <see cref="FailureKind.Http5xx"/>.</summary>
    public static RequestOutcome FromStatus(int statusCode, long bytesReceived) => new(
        statusCode,
        bytesReceived,
        statusCode switch
        {
            < 400 => null,
            < 500 => FailureKind.Http4xx,
            _ => FailureKind.Http5xx,
        });

    /// <summary>An outcome for a request that got no (complete) response.</summary>
    public static RequestOutcome Failed(FailureKind failure, long bytesReceived = 0) => new(0, bytesReceived, failure);
}
