using System.Text;
using System.Threading.Channels;

namespace BlueGreen.Core.Ssh;

/// <summary>
/// Moves a command's output, line by line as it arrives, from its streams to the caller's callback. Bounded twice: a
/// line longer than <see cref="ShellCommand.MaxLineLength"/> is cut where it reaches it (saying how much was cut), and
/// at most <see cref="Capacity"/> lines wait for the callback (then the readers wait, and so does the command's pipe).
/// </summary>
internal static class OutputPump
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>How many lines may wait between the readers and the callback.</summary>
    public const int Capacity = 1024;

    /// <summary>A channel the readers of stdout and stderr write into and one forwarder reads from.</summary>
    public static Channel<OutputLine> CreateChannel() =>
        Channel.CreateBounded<OutputLine>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Reads <paramref name="stream"/> to its end on a dedicated thread. SSH.NET's output stream only
    /// has a blocking read (its ReadAsync would park a pool thread for the command's whole life); the stream
    /// ends when the command's channel closes.</summary>
    /// <param name="consumeMarker">Sees each line until it returns true once; the line it returns true for is kept
    /// back (a marker the caller put into the stream itself).</param>
    public static Task StartReading(Stream stream, bool isError, ChannelWriter<OutputLine> writer, TimeProvider timeProvider,
        int maxLineLength, Func<string, bool>? consumeMarker = null) =>
        Task.Factory.StartNew(() =>
        {
            using var reader = new StreamReader(stream, s_utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
            var lines = new BoundedLines(maxLineLength);
            var buffer = new char[4096];
            var open = true;
            void Emit(string line)
            {
                if (consumeMarker?.Invoke(line) == true)
                {
                    consumeMarker = null;
                    return;
                }
                // Waits while the callback is behind; once the forwarder has gone, the rest is read and dropped.
                open = open && WriteWaiting(writer, new OutputLine(timeProvider.GetUtcNow(), isError, line));
            }
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                lines.Push(buffer.AsSpan(0, read), Emit);
            }
            lines.Flush(Emit);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static bool WriteWaiting(ChannelWriter<OutputLine> writer, OutputLine line)
    {
        while (!writer.TryWrite(line))
        {
            if (!writer.WaitToWriteAsync().AsTask().GetAwaiter().GetResult())
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Reads <paramref name="reader"/> until its end or until <paramref name="cancellationToken"/>.</summary>
    public static async Task ReadLinesAsync(TextReader reader, bool isError, ChannelWriter<OutputLine> writer,
        TimeProvider timeProvider, int maxLineLength, CancellationToken cancellationToken)
    {
        var lines = new BoundedLines(maxLineLength);
        var buffer = new char[4096];
        var ready = new List<string>();
        var open = true;
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                lines.Push(buffer.AsSpan(0, read), ready.Add);
                open = await WriteAllAsync(writer, ready, isError, timeProvider, open, cancellationToken).ConfigureAwait(false);
            }
            lines.Flush(ready.Add);
            await WriteAllAsync(writer, ready, isError, timeProvider, open, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped on purpose: a background process kept the pipe open after the command ended.
        }
    }

    private static async Task<bool> WriteAllAsync(ChannelWriter<OutputLine> writer, List<string> ready, bool isError, TimeProvider timeProvider,
        bool open, CancellationToken cancellationToken)
    {
        foreach (var line in ready)
        {
            if (!open)
            {
                break;
            }
            try
            {
                await writer.WriteAsync(new OutputLine(timeProvider.GetUtcNow(), isError, line), cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                // The forwarder has gone: the rest is read and dropped, so the command is not left blocked on its pipe.
                open = false;
            }
        }
        ready.Clear();
        return open;
    }

    /// <summary>Completes the channel once both readers are done.</summary>
    public static void CompleteWhenDone(ChannelWriter<OutputLine> writer, Task stdout, Task stderr) =>
        _ = Task.WhenAll(stdout, stderr).ContinueWith(
            t => writer.TryComplete(t.Exception?.InnerException), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Calls <paramref name="onLine"/> for every line, one at a time, until the channel completes. If the
    /// callback throws, <paramref name="stop"/> is cancelled (so the command is stopped) and the exception
    /// propagates.</summary>
    public static async Task ForwardAsync(Channel<OutputLine> channel, Func<OutputLine, ValueTask> onLine, CancellationTokenSource stop)
    {
        try
        {
            await foreach (var line in channel.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await onLine(line).ConfigureAwait(false);
            }
        }
        catch
        {
            // Readers waiting for room give up (and drain their streams) instead of waiting for ever.
            channel.Writer.TryComplete();
            try
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The command is already over.
            }
            throw;
        }
    }

    /// <summary>True when <paramref name="task"/> ends (in any way) within <paramref name="timeout"/>.</summary>
    public static async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout, TimeProvider timeProvider)
    {
        try
        {
            await task.WaitAsync(timeout, timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return task.IsCompleted;
        }
        catch
        {
            // Ended with an error or cancellation: still ended. The caller inspects the task.
        }
        return true;
    }

    /// <summary>Marks a task's exception as observed, for tasks whose outcome was handled another way.</summary>
    public static void Observe(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
