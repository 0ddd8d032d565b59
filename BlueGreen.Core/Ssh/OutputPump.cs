using System.Text;
using System.Threading.Channels;

namespace BlueGreen.Core.Ssh;

/// <summary>Moves a command's output, line by line as it arrives, from its streams to the caller's callback.</summary>
internal static class OutputPump
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A channel the readers of stdout and stderr write into and one forwarder reads from.</summary>
    public static Channel<OutputLine> CreateChannel() =>
        Channel.CreateUnbounded<OutputLine>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Reads <paramref name="stream"/> to its end on a dedicated thread. SSH.NET's output stream only
    /// has a blocking read (its ReadAsync would park a pool thread for the command's whole life); the stream
    /// ends when the command's channel closes.</summary>
    /// <param name="consumeMarker">Sees each line until it returns true once; the line it returns true for is kept
    /// back (a marker the caller put into the stream itself).</param>
    public static Task StartReading(Stream stream, bool isError, ChannelWriter<OutputLine> writer, TimeProvider timeProvider,
        Func<string, bool>? consumeMarker = null) =>
        Task.Factory.StartNew(() =>
        {
            using var reader = new StreamReader(stream, s_utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
            while (reader.ReadLine() is { } line)
            {
                if (consumeMarker?.Invoke(line) == true)
                {
                    consumeMarker = null;
                    continue;
                }
                writer.TryWrite(new OutputLine(timeProvider.GetUtcNow(), isError, line));
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Reads <paramref name="reader"/> until its end or until <paramref name="cancellationToken"/>.</summary>
    public static async Task ReadLinesAsync(TextReader reader, bool isError, ChannelWriter<OutputLine> writer,
        TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                writer.TryWrite(new OutputLine(timeProvider.GetUtcNow(), isError, line));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped on purpose: a background process kept the pipe open after the command ended.
        }
    }

    /// <summary>Completes the channel once both readers are done.</summary>
    public static void CompleteWhenDone(ChannelWriter<OutputLine> writer, Task stdout, Task stderr) =>
        _ = Task.WhenAll(stdout, stderr).ContinueWith(
            t => writer.TryComplete(t.Exception?.InnerException), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Calls <paramref name="onLine"/> for every line, one at a time, until the channel completes. If the
    /// callback throws, <paramref name="stop"/> is cancelled (so the command is stopped) and the exception
    /// propagates.</summary>
    public static async Task ForwardAsync(ChannelReader<OutputLine> reader, Func<OutputLine, ValueTask> onLine, CancellationTokenSource stop)
    {
        try
        {
            await foreach (var line in reader.ReadAllAsync().ConfigureAwait(false))
            {
                await onLine(line).ConfigureAwait(false);
            }
        }
        catch
        {
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
