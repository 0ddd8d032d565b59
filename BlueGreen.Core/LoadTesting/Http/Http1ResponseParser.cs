using System.Buffers.Text;
using System.Text;

namespace BlueGreen.Core.LoadTesting.Http;

/// <summary>
/// A minimal, incremental HTTP/1.x response parser for <see cref="SocketHttpSender"/>: status line, the headers that
/// frame the body (<c>Content-Length</c>, <c>Transfer-Encoding: chunked</c>, <c>Connection</c>), and the body itself,
/// which is skipped, not kept. Bytes may arrive in any split. Anything it does not understand is an error
/// (<see cref="Http1ProtocolException"/>), never a guess. One instance per connection, reused by <see cref="Reset"/>.
/// </summary>
internal sealed class Http1ResponseParser
{
    // The longest chunk-size or trailer line accepted while waiting for its end (extensions included).
    private const int MaxLineBytes = 4096;

    private State _state;
    private long _remaining;
    private bool _noBody;

    private enum State
    {
        Headers,
        FixedBody,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        UntilClose,
        Done,
    }

    /// <summary>The final status code (after any 1xx interim responses), 0 before the headers have been read.</summary>
    public int StatusCode { get; private set; }

    /// <summary>False when the response ends the connection (Connection: close, HTTP/1.0, or a body ended by close).</summary>
    public bool KeepAlive { get; private set; }

    /// <summary>Response bytes consumed so far, as on the wire (headers, body and its chunk framing).</summary>
    public long BytesReceived { get; private set; }

    /// <summary>True once the whole response has been parsed.</summary>
    public bool IsComplete => _state == State.Done;

    /// <summary>Starts a new response. <paramref name="noBody"/>: the request was HEAD, so no body follows.</summary>
    public void Reset(bool noBody)
    {
        _state = State.Headers;
        _remaining = 0;
        _noBody = noBody;
        StatusCode = 0;
        KeepAlive = true;
        BytesReceived = 0;
    }

    /// <summary>
    /// Parses as much of <paramref name="data"/> as it can and returns the number of bytes consumed; the caller keeps
    /// the rest and calls again with more appended. Stops at the end of the response (<see cref="IsComplete"/>).
    /// </summary>
    /// <exception cref="Http1ProtocolException">The bytes are not a valid HTTP/1.x response.</exception>
    public int Parse(ReadOnlySpan<byte> data)
    {
        var consumed = 0;
        while (_state != State.Done)
        {
            var rest = data[consumed..];
            var used = _state switch
            {
                State.Headers => ParseHeaders(rest),
                State.FixedBody or State.ChunkData => SkipBody(rest),
                State.ChunkSize => ParseChunkSize(rest),
                State.ChunkDataEnd => ParseChunkDataEnd(rest),
                State.Trailers => ParseTrailer(rest),
                _ => rest.Length, // UntilClose: everything until the peer closes
            };
            if (used == 0)
            {
                break; // needs more bytes
            }
            consumed += used;
            BytesReceived += used;
        }
        return consumed;
    }

    /// <summary>The peer closed the connection: completes a body delimited by the close, else the response was cut.</summary>
    /// <exception cref="Http1ProtocolException">The response ended before it was complete.</exception>
    public void EndOfStream()
    {
        if (_state == State.UntilClose)
        {
            _state = State.Done;
            return;
        }
        if (_state != State.Done)
        {
            throw new Http1ProtocolException("The connection was closed before the response was complete.", endedEarly: true);
        }
    }

    private int ParseHeaders(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return 0;
        }
        var block = data[..(end + 2)];
        var lineEnd = block.IndexOf("\r\n"u8);
        ParseStatusLine(block[..lineEnd], out var http10);
        long? contentLength = null;
        var chunked = false;
        var close = http10;
        for (var rest = block[(lineEnd + 2)..]; !rest.IsEmpty;)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            var line = rest[..lineEnd];
            rest = rest[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new Http1ProtocolException($"A header line has no name: '{Printable(line)}'.");
            }
            var name = line[..colon];
            if (name[^1] is (byte)' ' or (byte)'\t')
            {
                // RFC 9112 5.1: whitespace before the colon must be rejected (a smuggling vector).
                throw new Http1ProtocolException($"A header name ends in whitespace: '{Printable(line)}'.");
            }
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long length, out var read) || read != value.Length || length < 0
                    || (contentLength is { } previous && previous != length))
                {
                    throw new Http1ProtocolException($"Invalid Content-Length '{Printable(value)}'.");
                }
                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                // Only "chunked" (last) is understood; gzip etc. are never asked for (no Accept-Encoding is sent).
                if (!Ascii.EqualsIgnoreCase(value, "chunked"u8))
                {
                    throw new Http1ProtocolException($"Unsupported Transfer-Encoding '{Printable(value)}'.");
                }
                chunked = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                if (ContainsToken(value, "close"u8))
                {
                    close = true;
                }
                else if (http10 && ContainsToken(value, "keep-alive"u8))
                {
                    close = false;
                }
            }
        }
        var used = end + 4;
        if (StatusCode is >= 100 and < 200 and not 101)
        {
            // An interim response (100 Continue, 103 Early Hints): the real one follows on the same connection.
            StatusCode = 0;
            return used;
        }
        // 101: the connection is no longer HTTP; both framings: ambiguous (RFC 9112 6.3): answer read, connection dropped.
        KeepAlive = !close && StatusCode != 101 && !(chunked && contentLength is not null);
        if (StatusCode == 101)
        {
            _state = State.Done;
            return used;
        }
        if (_noBody || StatusCode is 204 or 304)
        {
            _state = State.Done;
        }
        else if (chunked)
        {
            _state = State.ChunkSize;
        }
        else if (contentLength is { } length)
        {
            _remaining = length;
            _state = length == 0 ? State.Done : State.FixedBody;
        }
        else
        {
            _state = State.UntilClose; // no framing: the body ends when the server closes
            KeepAlive = false;
        }
        return used;
    }

    private void ParseStatusLine(ReadOnlySpan<byte> line, out bool http10)
    {
        // "HTTP/1.1 200 OK": version, a space, three digits, then a space and a reason, or nothing.
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != (byte)' '
            || (line.Length > 12 && line[12] != (byte)' ')
            || !Utf8Parser.TryParse(line.Slice(9, 3), out int status, out var read) || read != 3 || status < 100)
        {
            throw new Http1ProtocolException($"Invalid status line '{Printable(line)}'.");
        }
        http10 = line[7] == (byte)'0';
        StatusCode = status;
    }

    private int SkipBody(ReadOnlySpan<byte> data)
    {
        var used = (int)Math.Min(_remaining, data.Length);
        _remaining -= used;
        if (_remaining == 0)
        {
            _state = _state == State.FixedBody ? State.Done : State.ChunkDataEnd;
        }
        return used;
    }

    private int ParseChunkSize(ReadOnlySpan<byte> data)
    {
        var lineEnd = FindLineEnd(data);
        if (lineEnd < 0)
        {
            return 0;
        }
        var line = data[..lineEnd];
        var extension = line.IndexOf((byte)';');
        var digits = (extension < 0 ? line : line[..extension]).Trim(" \t"u8);
        if (digits.IsEmpty || digits.Length > 15 || !Utf8Parser.TryParse(digits, out ulong size, out var read, 'x') || read != digits.Length)
        {
            throw new Http1ProtocolException($"Invalid chunk size '{Printable(line)}'.");
        }
        _remaining = (long)size;
        _state = size == 0 ? State.Trailers : State.ChunkData;
        return lineEnd + 2;
    }

    private int ParseChunkDataEnd(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2)
        {
            return 0;
        }
        if (data[0] != (byte)'\r' || data[1] != (byte)'\n')
        {
            throw new Http1ProtocolException("A chunk is longer than its size.");
        }
        _state = State.ChunkSize;
        return 2;
    }

    private int ParseTrailer(ReadOnlySpan<byte> data)
    {
        var lineEnd = FindLineEnd(data);
        if (lineEnd < 0)
        {
            return 0;
        }
        if (lineEnd == 0)
        {
            _state = State.Done; // the empty line that ends the trailers
        }
        return lineEnd + 2;
    }

    private static int FindLineEnd(ReadOnlySpan<byte> data)
    {
        var lineEnd = data.IndexOf("\r\n"u8);
        if (lineEnd < 0 && data.Length > MaxLineBytes)
        {
            throw new Http1ProtocolException($"A line of the chunked body is longer than {MaxLineBytes} bytes.");
        }
        return lineEnd;
    }

    private static bool ContainsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }
        return false;
    }

    private static string Printable(ReadOnlySpan<byte> bytes) =>
        Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 80)]).ReplaceLineEndings(" ");
}
