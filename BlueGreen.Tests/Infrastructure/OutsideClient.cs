using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>
/// A client outside the product, as an operator's <c>hey</c> or <c>wrk2</c> would be: sends <c>GET</c>s to one URL at a
/// fixed rate (open model: request n is due at n / rate seconds; a late tick sends everything due) and counts every
/// answer: 2xx, other statuses by code, transport errors and timeouts by type, and the <c>X-App-Version</c> that
/// answered. Bounded: it stops at its duration or its request count, whichever comes first, or at
/// <see cref="StopAsync"/>; at most <see cref="MaxInFlight"/> requests are open at once (a request that would exceed
/// that is counted as not sent, never queued). No retries, redirects or proxy: a failure is a failure.
/// </summary>
internal sealed class OutsideClient : IAsyncDisposable
{
    /// <summary>Requests open at once at most; a hung front end fills this, it does not grow memory.</summary>
    public const int MaxInFlight = 512;

    private const int MaxFailureSamples = 20;
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(5);

    private readonly HttpClient _http;
    private readonly Uri _target;
    private readonly int _rate;
    private readonly long _maxRequests;
    private readonly TimeSpan _duration;
    private readonly TimeSpan _requestTimeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, long> _statuses = new();
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failureSamples = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Task _sender;
    private long _sent;
    private long _ok;
    private long _notSent;
    private long _inFlight;
    private long _stoppedAt;

    private OutsideClient(Uri target, int ratePerSecond, TimeSpan duration, TimeSpan requestTimeout)
    {
        _target = target;
        _rate = ratePerSecond;
        _duration = duration;
        _maxRequests = (long)Math.Ceiling(ratePerSecond * duration.TotalSeconds);
        _requestTimeout = requestTimeout;
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = MaxInFlight,
            ConnectTimeout = requestTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _sender = Task.Run(SendLoopAsync);
    }

    public Uri Target => _target;

    /// <summary>Starts sending <paramref name="ratePerSecond"/> requests/s to <paramref name="target"/> for at most
    /// <paramref name="duration"/> (and so at most rate x duration requests); each request gives up after
    /// <paramref name="requestTimeout"/> (5 s unless given).</summary>
    public static OutsideClient Start(Uri target, int ratePerSecond, TimeSpan duration, TimeSpan? requestTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return new OutsideClient(target, ratePerSecond, duration, requestTimeout ?? TimeSpan.FromSeconds(5));
    }

    /// <summary>The counts so far (requests still open are in <see cref="OutsideClientCounts.InFlight"/>).</summary>
    public OutsideClientCounts Counts => new()
    {
        Target = _target,
        Rate = _rate,
        Sent = Interlocked.Read(ref _sent),
        Ok = Interlocked.Read(ref _ok),
        NotSent = Interlocked.Read(ref _notSent),
        InFlight = Interlocked.Read(ref _inFlight),
        Elapsed = Stopwatch.GetElapsedTime(_started, Interlocked.Read(ref _stoppedAt) is > 0 and var stopped ? stopped : Stopwatch.GetTimestamp()),
        Statuses = new SortedDictionary<int, long>(_statuses),
        Errors = new SortedDictionary<string, long>(_errors, StringComparer.Ordinal),
        Versions = new SortedDictionary<string, long>(_versions, StringComparer.Ordinal),
        FailureSamples = [.. _failureSamples],
    };

    /// <summary>Waits (bounded) until at least <paramref name="answered"/> requests have been answered or failed, so
    /// a test knows traffic flows before it injects a fault.</summary>
    public async Task WaitForAnsweredAsync(long answered, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Counts is var counts && counts.Answered < answered)
        {
            if (Stopwatch.GetTimestamp() > deadline || _sender.IsCompleted)
            {
                throw new TimeoutException($"The outside client had {counts.Answered} answers, not {answered}, after {timeout.TotalSeconds} s. {counts}");
            }
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Waits (bounded by <paramref name="timeout"/>) until the client has sent all it was started for and
    /// every request has ended, then returns the totals.</summary>
    public async Task<OutsideClientCounts> StopAfterAsync(TimeSpan timeout)
    {
        await _sender.WaitAsync(timeout);
        return await StopAsync();
    }

    /// <summary>Stops sending, waits (bounded by the request timeout) for the open requests, and returns the totals.</summary>
    public async Task<OutsideClientCounts> StopAsync()
    {
        await _stop.CancelAsync();
        await _sender;
        var deadline = Stopwatch.GetTimestamp() + (long)((_requestTimeout.TotalSeconds + 2) * Stopwatch.Frequency);
        while (Interlocked.Read(ref _inFlight) > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10, CancellationToken.None);
        }
        return Counts;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task SendLoopAsync()
    {
        long scheduled = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var elapsed = Stopwatch.GetElapsedTime(_started);
                if (elapsed >= _duration || scheduled >= _maxRequests)
                {
                    break;
                }
                var due = Math.Min(_maxRequests, (long)(elapsed.TotalSeconds * _rate) + 1);
                for (; scheduled < due; scheduled++)
                {
                    if (Interlocked.Read(ref _inFlight) >= MaxInFlight)
                    {
                        Interlocked.Increment(ref _notSent);
                        continue;
                    }
                    Interlocked.Increment(ref _inFlight);
                    Interlocked.Increment(ref _sent);
                    _ = SendOneAsync();
                }
                await Task.Delay(s_tick, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // StopAsync: the requests already sent are still counted.
        }
        finally
        {
            Interlocked.Exchange(ref _stoppedAt, Stopwatch.GetTimestamp());
        }
    }

    private async Task SendOneAsync()
    {
        var at = Stopwatch.GetElapsedTime(_started);
        using var timeout = new CancellationTokenSource(_requestTimeout);
        try
        {
            using var response = await _http.GetAsync(_target, HttpCompletionOption.ResponseContentRead, timeout.Token);
            if (response.Headers.TryGetValues("X-App-Version", out var values) && values.FirstOrDefault() is { } version)
            {
                _versions.AddOrUpdate(version, 1, (_, n) => n + 1);
            }
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                Interlocked.Increment(ref _ok);
            }
            else
            {
                _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                Sample(at, $"status {status}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            var kind = Classify(ex, timeout.IsCancellationRequested);
            _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
            Sample(at, $"{kind}: {ex.Message}");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void Sample(TimeSpan at, string what)
    {
        if (_failureSamples.Count < MaxFailureSamples)
        {
            _failureSamples.Enqueue($"+{at.TotalSeconds:0.000} s {what}");
        }
    }

    private static string Classify(Exception ex, bool timedOut)
    {
        if (timedOut)
        {
            return "timeout";
        }
        var socket = ex.GetBaseException() as SocketException;
        var detail = socket is null ? "" : $" ({socket.SocketErrorCode})";
        return ex is HttpRequestException http ? $"{http.HttpRequestError}{detail}" : $"{ex.GetType().Name}{detail}";
    }
}
