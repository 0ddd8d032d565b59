using System.Globalization;

namespace BlueGreen.Core.Deployment;

/// <summary>
/// Keeps a deploy step's log bounded: the first <c>max - TailLines</c> lines go to the log as they come, the rest is
/// held back in a ring of the last <see cref="TailLines"/> (where the error usually is), and <see cref="FinishAsync"/>
/// writes how many lines were cut, then that tail. One per step and server; called from one forwarder at a time.
/// </summary>
public sealed class StepOutputLimiter(int maxLines, Func<string, bool, ValueTask> log)
{
    /// <summary>The last lines of a long output kept for the end of the log.</summary>
    public const int TailLines = 50;

    private readonly Queue<(string Text, bool IsError)> _tail = new();
    private readonly int _head = Math.Max(1, maxLines - TailLines);
    private long _seen;

    /// <summary>Lines printed so far (kept or not).</summary>
    public long Seen => _seen;

    /// <summary>Lines not kept (known once the step ended).</summary>
    public long Cut => Math.Max(0, _seen - _head - _tail.Count);

    public ValueTask LineAsync(string text, bool isError)
    {
        _seen++;
        if (_seen <= _head)
        {
            return log(text, isError);
        }
        _tail.Enqueue((text, isError));
        if (_tail.Count > TailLines)
        {
            _tail.Dequeue();
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes the line that says what was cut, then the tail held back.</summary>
    public async ValueTask FinishAsync(string step)
    {
        if (Cut > 0)
        {
            await log(string.Create(CultureInfo.InvariantCulture,
                $"[… {Cut:N0} lines of {step}'s output cut here: it printed {_seen:N0} lines and a step keeps {_head + TailLines:N0} " +
                $"(the first {_head:N0} and the last {_tail.Count:N0}; Deployment:MaxOutputLinesPerStep) …]"), false).ConfigureAwait(false);
        }
        while (_tail.TryDequeue(out var line))
        {
            await log(line.Text, line.IsError).ConfigureAwait(false);
        }
    }
}
