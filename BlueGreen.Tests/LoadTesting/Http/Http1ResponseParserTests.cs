using System.Text;
using BlueGreen.Core.LoadTesting.Http;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Tests.LoadTesting.Http;

public sealed class Http1ResponseParserTests
{
    private const string ContentLength = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
    private const string Chunked = "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n";

    [Fact]
    public void Parse_ContentLength_CompleteWithStatusAndWireBytes()
    {
        var parser = Parse(ContentLength, out var consumed);

        Assert.True(parser.IsComplete);
        Assert.Equal(200, parser.StatusCode);
        Assert.True(parser.KeepAlive);
        Assert.Equal(ContentLength.Length, consumed);
        Assert.Equal(ContentLength.Length, parser.BytesReceived);
    }

    [Fact]
    public void Parse_Chunked_WithExtensionsAndTrailers_Complete()
    {
        var parser = Parse(Chunked, out var consumed);

        Assert.True(parser.IsComplete);
        Assert.Equal(201, parser.StatusCode);
        Assert.Equal(Chunked.Length, consumed);
        Assert.True(parser.KeepAlive);
    }

    [Theory]
    [InlineData(ContentLength)]
    [InlineData(Chunked)]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nServer: x\r\n\r\n")]
    public void Parse_OneByteAtATime_SameResultAsWhole(string response)
    {
        var whole = Parse(response, out _);
        var parser = new Http1ResponseParser();
        parser.Reset(noBody: false);
        var bytes = Encoding.ASCII.GetBytes(response);
        var pending = new List<byte>();
        foreach (var b in bytes)
        {
            // The caller keeps what was not consumed and appends the next read, as Http1Connection does.
            pending.Add(b);
            pending.RemoveRange(0, parser.Parse(pending.ToArray()));
        }

        Assert.True(parser.IsComplete);
        Assert.Empty(pending);
        Assert.Equal(whole.StatusCode, parser.StatusCode);
        Assert.Equal(bytes.Length, parser.BytesReceived);
    }

    [Fact]
    public void Parse_ContentLength_StopsAtTheEndOfTheResponse()
    {
        var parser = Parse(ContentLength + "HTTP/1.1 200 OK\r\n", out var consumed);

        Assert.True(parser.IsComplete);
        Assert.Equal(ContentLength.Length, consumed); // the rest belongs to no request: the caller closes
    }

    [Fact]
    public void Parse_NoFraming_BodyEndsWithTheConnection()
    {
        var parser = Parse("HTTP/1.1 200 OK\r\n\r\nsome body", out _);

        Assert.False(parser.IsComplete);
        Assert.False(parser.KeepAlive);
        parser.EndOfStream();
        Assert.True(parser.IsComplete);
        Assert.Equal(28, parser.BytesReceived);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nconnection: Upgrade, CLOSE\r\ncontent-length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")]
    public void Parse_ConnectionClose_NotKeepAlive(string response)
    {
        var parser = Parse(response, out _);

        Assert.True(parser.IsComplete);
        Assert.False(parser.KeepAlive);
    }

    [Fact]
    public void Parse_Http10KeepAlive_KeepAlive()
    {
        Assert.True(Parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", out _).KeepAlive);
    }

    [Theory]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n", false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", true)]
    public void Parse_NoBodyResponses_CompleteAtTheHeaders(string response, bool head)
    {
        var parser = new Http1ResponseParser();
        parser.Reset(noBody: head);

        parser.Parse(Encoding.ASCII.GetBytes(response));

        Assert.True(parser.IsComplete);
    }

    [Theory]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/2 200 OK\r\n\r\n")]
    [InlineData("HTTX/1.1 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nhello")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n")]
    public void Parse_Malformed_ThrowsProtocolErrorCountedAsOther(string response)
    {
        var parser = new Http1ResponseParser();
        parser.Reset(noBody: false);

        var error = Assert.Throws<Http1ProtocolException>(() => parser.Parse(Encoding.ASCII.GetBytes(response)));

        Assert.Equal(FailureKind.Other, error.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Len")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")]
    public void EndOfStream_BeforeTheEnd_ThrowsEndedEarlyCountedAsReset(string response)
    {
        var parser = Parse(response, out _);

        var error = Assert.Throws<Http1ProtocolException>(parser.EndOfStream);

        Assert.True(error.EndedEarly);
        Assert.Equal(FailureKind.Reset, error.Kind);
    }

    [Fact]
    public void Reset_AfterAResponse_ParsesTheNext()
    {
        var parser = Parse(ContentLength, out _);

        parser.Reset(noBody: false);
        parser.Parse(Encoding.ASCII.GetBytes(Chunked));

        Assert.True(parser.IsComplete);
        Assert.Equal(201, parser.StatusCode);
        Assert.Equal(Chunked.Length, parser.BytesReceived);
    }

    private static Http1ResponseParser Parse(string response, out int consumed)
    {
        var parser = new Http1ResponseParser();
        parser.Reset(noBody: false);
        consumed = parser.Parse(Encoding.ASCII.GetBytes(response));
        return parser;
    }
}
