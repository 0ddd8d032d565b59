using System.Net.Sockets;
using System.Text;

namespace BlueGreen.Core.HaProxy;

/// <summary>
/// Sends one command per connection to HAProxy's runtime API (the "stats socket") and returns the answer.
/// Thread-safe; meant to be shared (one per load balancer address).
/// </summary>
/// <remarks>
/// The CLI runs in non-interactive mode: HAProxy executes the line, writes the answer and closes the connection,
/// so the answer is everything up to end of stream. At most <see cref="MaxConcurrentConnections"/> commands of one
/// client are in flight at once: HAProxy's stats socket accepts only <c>maxconn 10</c> by default and other tools
/// (monitoring, operators' socat) share it.
/// </remarks>
public sealed class HaProxyRuntimeClient
{
    /// <summary>Concurrent CLI connections one client opens at most.</summary>
    public const int MaxConcurrentConnections = 2;

    // A show stat of a few thousand servers is a few MB; anything far beyond that is not a CLI answer.
    private const int MaxAnswerBytes = 64 * 1024 * 1024;

    private readonly SemaphoreSlim _slots = new(MaxConcurrentConnections, MaxConcurrentConnections);
    private readonly TimeSpan _timeout;

    /// <param name="address">A unix socket path, <c>unix:/path</c> or <c>tcp://host:port</c>.</param>
    /// <param name="timeout">Bound on each call: waiting for a connection slot, connecting, sending and reading the
    /// whole answer. Measured on the real clock: it guards real I/O, so a test's moved clock must not stall it.</param>
    /// <exception cref="ArgumentException">The address is not one of the accepted forms.</exception>
    public HaProxyRuntimeClient(string address, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Address = HaProxyAddress.Parse(address);
        DisplayAddress = address.Trim();
        _timeout = timeout;
    }

    /// <summary>The parsed address.</summary>
    public HaProxyAddress Address { get; }

    /// <summary>The address as configured, for messages.</summary>
    public string DisplayAddress { get; }

    /// <summary>The per-call timeout.</summary>
    public TimeSpan Timeout => _timeout;

    /// <summary>
    /// Sends <paramref name="command"/> and returns HAProxy's whole answer, untrimmed. Does not judge the answer:
    /// see <see cref="ExecuteActionAsync"/> for commands that answer nothing on success.
    /// </summary>
    /// <exception cref="ArgumentException">The command is empty or contains a newline, carriage return, NUL or
    /// <c>;</c> (the CLI would run what follows as another command).</exception>
    /// <exception cref="HaProxyUnreachableException">No connection, connection lost, or no complete answer within the
    /// timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<string> ExecuteAsync(string command, CancellationToken cancellationToken)
    {
        ValidateCommand(command);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(_timeout);
        var token = timeoutSource.Token;

        try
        {
            await _slots.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HaProxyUnreachableException(DisplayAddress,
                $"no CLI connection slot became free within {_timeout.TotalSeconds:0.###} s "
                + $"({MaxConcurrentConnections} earlier commands still running)");
        }

        try
        {
            return await ExchangeAsync(command, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HaProxyUnreachableException(DisplayAddress,
                $"no complete answer to '{command}' within {_timeout.TotalSeconds:0.###} s", ex);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// Runs a command that answers nothing on success (<c>set server</c>, <c>shutdown sessions</c>): any other answer
    /// is HAProxy's error message and becomes a <see cref="HaProxyCommandException"/>.
    /// </summary>
    /// <exception cref="HaProxyCommandException">HAProxy answered with text.</exception>
    /// <exception cref="HaProxyUnreachableException">See <see cref="ExecuteAsync"/>.</exception>
    public async Task ExecuteActionAsync(string command, CancellationToken cancellationToken)
    {
        var answer = await ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        if (!IsEmptyAnswer(answer))
        {
            throw new HaProxyCommandException(command, answer);
        }
    }

    /// <summary>True for the answer of a successful set-command: nothing but line ends.</summary>
    public static bool IsEmptyAnswer(string answer) => answer.Trim().Length == 0;

    /// <summary>Rejects what would let one command become several on the CLI.</summary>
    /// <exception cref="ArgumentException">Empty, or contains a newline, carriage return, NUL or <c>;</c>.</exception>
    public static void ValidateCommand(string command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            throw new ArgumentException("A HAProxy runtime API command must not be empty.", nameof(command));
        }
        // HAProxy's CLI runs each line, and each ';'-separated part of a line, as its own command.
        if (command.IndexOfAny(['\n', '\r', '\0', ';']) >= 0)
        {
            throw new ArgumentException(
                $"The HAProxy runtime API command '{command.ReplaceLineEndings(" ")}' contains a newline, NUL or ';', "
                + "which the CLI would treat as a command separator; refused.", nameof(command));
        }
    }

    private async Task<string> ExchangeAsync(string command, CancellationToken token)
    {
        var endPoint = Address.ToEndPoint();
        using var socket = Address.Kind == HaProxyAddressKind.Unix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, token).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new HaProxyUnreachableException(DisplayAddress, DescribeConnectFailure(ex), ex);
        }

        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(command + "\n"), SocketFlags.None, token).ConfigureAwait(false);
            using var answer = new MemoryStream();
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
                if (read == 0)
                {
                    return Encoding.UTF8.GetString(answer.GetBuffer(), 0, (int)answer.Length);
                }
                if (answer.Length + read > MaxAnswerBytes)
                {
                    throw new HaProxyCommandException(command, "",
                        $"the answer exceeded {MaxAnswerBytes / (1024 * 1024)} MB and was abandoned");
                }
                answer.Write(buffer, 0, read);
            }
        }
        catch (SocketException ex)
        {
            throw new HaProxyUnreachableException(DisplayAddress,
                $"the connection failed while running '{command}' ({ex.SocketErrorCode}: {ex.Message})", ex);
        }
    }

    private string DescribeConnectFailure(SocketException ex)
    {
        if (Address.Kind == HaProxyAddressKind.Unix && !File.Exists(Address.Path))
        {
            return "the socket file does not exist";
        }
        return ex.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused (nothing is listening there)",
            SocketError.AccessDenied => "permission denied on the socket",
            SocketError.TimedOut => "the connection timed out",
            SocketError.HostNotFound or SocketError.NoData => $"the host '{Address.Host}' was not found",
            _ => $"{ex.SocketErrorCode}: {ex.Message}",
        };
    }
}
