using System.Collections.Concurrent;
using BlueGreen.Core.Ssh;

namespace BlueGreen.Tests.Ssh;

/// <summary>Collects the lines a shell streams and lets a test wait for a particular one.</summary>
public sealed class OutputRecorder
{
    private readonly ConcurrentQueue<OutputLine> _lines = new();
    private readonly ConcurrentQueue<(Func<OutputLine, bool> Match, TaskCompletionSource<OutputLine> Seen)> _waiters = new();

    /// <summary>Lines in arrival order.</summary>
    public IReadOnlyList<OutputLine> Lines => [.. _lines];

    /// <summary>Stdout text, one entry per line.</summary>
    public IReadOnlyList<string> Stdout => [.. _lines.Where(l => !l.IsError).Select(l => l.Text)];

    /// <summary>Stderr text, one entry per line.</summary>
    public IReadOnlyList<string> Stderr => [.. _lines.Where(l => l.IsError).Select(l => l.Text)];

    /// <summary>The callback to give to <see cref="IRemoteShell.RunAsync"/>.</summary>
    public ValueTask OnLine(OutputLine line)
    {
        _lines.Enqueue(line);
        foreach (var (match, seen) in _waiters)
        {
            if (match(line))
            {
                seen.TrySetResult(line);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Completes when a line with exactly <paramref name="text"/> arrives (or has arrived).</summary>
    public Task<OutputLine> WaitForAsync(string text)
    {
        var seen = new TaskCompletionSource<OutputLine>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Enqueue((l => l.Text == text, seen));
        if (_lines.FirstOrDefault(l => l.Text == text) is { } already)
        {
            seen.TrySetResult(already);
        }
        return seen.Task;
    }
}
