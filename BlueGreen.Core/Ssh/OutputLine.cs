namespace BlueGreen.Core.Ssh;

/// <summary>One line of a command's output, without its line break.</summary>
/// <param name="At">When the line arrived on the dashboard host (from the injected <see cref="TimeProvider"/>).</param>
/// <param name="IsError"><see langword="true"/> for stderr, <see langword="false"/> for stdout.</param>
/// <param name="Text">The line, decoded as UTF-8.</param>
public sealed record OutputLine(DateTimeOffset At, bool IsError, string Text);
