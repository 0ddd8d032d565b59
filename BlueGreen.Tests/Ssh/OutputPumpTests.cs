using System.Text;
using BlueGreen.Core.Ssh;

namespace BlueGreen.Tests.Ssh;

/// <summary>
/// How a command's output bytes become lines (<see cref="OutputPump.StartReading"/>, shared by the SSH and the local
/// shell): a stream that hands its bytes over in the chunks a test chooses, one chunk a read, as a pipe or an SSH
/// channel would.
/// </summary>
public sealed class OutputPumpTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartReading_LinesSplitAcrossReads_JoinedIntoWholeLines()
    {
        var lines = await ReadAsync(Utf8("hel"), Utf8("lo\nwor"), Utf8("ld\n"));

        Assert.Equal(["hello", "world"], lines.Select(l => l.Text));
    }

    [Fact]
    public async Task StartReading_CrLfEvenSplitAcrossReads_BothCharactersRemoved()
    {
        var lines = await ReadAsync(Utf8("a\r\nb\r"), Utf8("\nc\r\n"));

        Assert.Equal(["a", "b", "c"], lines.Select(l => l.Text));
    }

    [Fact]
    public async Task StartReading_LastLineWithoutNewline_StillDelivered()
    {
        var lines = await ReadAsync(Utf8("a\nlast"));

        Assert.Equal(["a", "last"], lines.Select(l => l.Text));
    }

    [Fact]
    public async Task StartReading_EmptyInput_NoLines()
    {
        Assert.Empty(await ReadAsync());
    }

    [Fact]
    public async Task StartReading_EmptyLines_Kept()
    {
        var lines = await ReadAsync(Utf8("\n\nx\n"));

        Assert.Equal(["", "", "x"], lines.Select(l => l.Text));
    }

    [Fact]
    public async Task StartReading_MultiByteCharactersSplitAcrossReads_DecodedWhole()
    {
        var bytes = Utf8("hé 🚀\n");   // é is 2 bytes, 🚀 is 4: cut inside each
        var lines = await ReadAsync(bytes[..2], bytes[2..5], bytes[5..7], bytes[7..]);

        Assert.Equal(["hé 🚀"], lines.Select(l => l.Text));
    }

    [Fact]
    public async Task StartReading_Stderr_LinesMarkedAsErrors()
    {
        var lines = await ReadAsync(isError: true, consumeMarker: null, Utf8("oops\n"));

        Assert.True(Assert.Single(lines).IsError);
    }

    [Fact]
    public async Task StartReading_MarkerLine_OnlyTheFirstMatchKeptBack()
    {
        var lines = await ReadAsync(isError: true, consumeMarker: line => line == "MARK", Utf8("a\nMARK\nb\nMARK\n"));

        Assert.Equal(["a", "b", "MARK"], lines.Select(l => l.Text));
    }

    [Fact]
    public async Task StartReading_LineLongerThanTheLimit_CutWhereItReachesIt_SayingHowMuch()
    {
        var lines = await ReadAsync(Utf8(new string('x', 10_000) + "\nnext\n"));

        Assert.Equal(2, lines.Count);
        Assert.Equal(new string('x', ShellCommand.DefaultMaxLineLength) + " [… 6,000 more characters cut: output lines are kept up to 4,000 characters]", lines[0].Text);
        Assert.Equal("next", lines[1].Text);
    }

    [Fact]
    public async Task StartReading_MoreLinesThanTheChannelHolds_WaitsForASlowReader_NoneLost()
    {
        var channel = OutputPump.CreateChannel();
        var text = string.Concat(Enumerable.Range(1, OutputPump.Capacity * 3).Select(i => $"{i}\n"));
        var reading = OutputPump.StartReading(new ChunkedStream([Utf8(text)]), false, channel.Writer, TimeProvider.System, ShellCommand.DefaultMaxLineLength);
        OutputPump.CompleteWhenDone(channel.Writer, reading, Task.CompletedTask);
        // The reader cannot finish while the channel is full and nobody reads.
        await Task.Delay(200, TestToken);
        Assert.False(reading.IsCompleted);
        var lines = new List<string>();
        await foreach (var line in channel.Reader.ReadAllAsync(TestToken).WithCancellation(TestToken))
        {
            lines.Add(line.Text);
        }
        Assert.Equal(Enumerable.Range(1, OutputPump.Capacity * 3).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static Task<List<OutputLine>> ReadAsync(params byte[][] chunks) => ReadAsync(isError: false, consumeMarker: null, chunks);

    private static async Task<List<OutputLine>> ReadAsync(bool isError, Func<string, bool>? consumeMarker, params byte[][] chunks)
    {
        var channel = OutputPump.CreateChannel();
        await OutputPump.StartReading(new ChunkedStream(chunks), isError, channel.Writer, TimeProvider.System, ShellCommand.DefaultMaxLineLength, consumeMarker)
            .WaitAsync(s_timeout, TestToken);
        channel.Writer.Complete();
        var lines = new List<OutputLine>();
        while (channel.Reader.TryRead(out var line))
        {
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>Returns one chunk a read (never more, so a line or a character really is cut where the test says).</summary>
    private sealed class ChunkedStream(byte[][] chunks) : Stream
    {
        private readonly Queue<byte[]> _chunks = new(chunks);
        private byte[] _current = [];
        private int _offset;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_offset == _current.Length)
            {
                if (!_chunks.TryDequeue(out var next))
                {
                    return 0;
                }
                (_current, _offset) = (next, 0);
            }
            var n = Math.Min(count, _current.Length - _offset);
            Array.Copy(_current, _offset, buffer, offset, n);
            _offset += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
