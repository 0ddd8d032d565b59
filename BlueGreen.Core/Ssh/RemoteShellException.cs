namespace BlueGreen.Core.Ssh;

/// <summary>A command could not be run, or its connection broke while it ran. The message names the host, says what
/// happened and what to check; it never contains a secret.</summary>
public class RemoteShellException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The host as given in <see cref="ShellCommand.Host"/> (or an upload's host).</param>
    /// <param name="message">The full, operator-readable message.</param>
    /// <param name="inner">The library or OS error behind it, if any.</param>
    public RemoteShellException(string host, string message, Exception? inner = null) : base(message, inner)
    {
        Host = host;
    }

    /// <summary>The host the failure is about.</summary>
    public string Host { get; }
}
