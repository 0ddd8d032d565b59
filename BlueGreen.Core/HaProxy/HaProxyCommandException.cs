using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Core.HaProxy;

/// <summary>HAProxy's runtime API answered a command with an error (or with something that is not the expected
/// answer). <see cref="Answer"/> is HAProxy's text as received.</summary>
public sealed class HaProxyCommandException : LoadBalancerException
{
    public HaProxyCommandException(string command, string answer, string? detail = null, Exception? inner = null)
        : base(BuildMessage(command, answer, detail), inner)
    {
        Command = command;
        Answer = answer;
    }

    /// <summary>The command as sent, without the trailing newline.</summary>
    public string Command { get; }

    /// <summary>HAProxy's answer, untrimmed.</summary>
    public string Answer { get; }

    private static string BuildMessage(string command, string answer, string? detail)
    {
        var firstLine = answer.Trim().Split('\n', 2)[0].Trim();
        if (firstLine.Length > 200)
        {
            firstLine = firstLine[..200] + "...";
        }
        var quoted = firstLine.Length == 0 ? "an empty answer" : $"\"{firstLine}\"";
        var what = detail is null ? "" : $" ({detail})";
        return $"HAProxy answered '{command}' with {quoted}{what}. {Hint(firstLine)}";
    }

    private static string Hint(string answer)
    {
        if (answer.StartsWith("No such server", StringComparison.OrdinalIgnoreCase)
            || answer.StartsWith("No such backend", StringComparison.OrdinalIgnoreCase)
            || answer.StartsWith("No such proxy", StringComparison.OrdinalIgnoreCase)
            || answer.StartsWith("Can't find backend", StringComparison.OrdinalIgnoreCase))
        {
            return "Check that the backend and server names in the environment's configuration match haproxy.cfg "
                + "('show servers state' on the socket lists them).";
        }
        if (answer.StartsWith("Permission denied", StringComparison.OrdinalIgnoreCase))
        {
            return "The runtime socket is not at admin level: configure it as 'stats socket <path> mode 660 level admin'.";
        }
        if (answer.StartsWith("Unknown command", StringComparison.OrdinalIgnoreCase))
        {
            return "This HAProxy does not offer the command at this socket's level: check the HAProxy version "
                + "(2.x is needed) and that the socket has 'level admin'.";
        }
        if (answer.StartsWith("Require", StringComparison.OrdinalIgnoreCase))
        {
            return "The command is malformed: a server must be named as 'backend/server'.";
        }
        return "Check the command's arguments, the HAProxy version and that the runtime socket has 'level admin'.";
    }
}
