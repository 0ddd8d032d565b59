namespace BlueGreen.Core.Ssh;

/// <summary>One command for <see cref="IRemoteShell.RunAsync"/>.</summary>
public sealed class ShellCommand
{
    /// <summary>Where to run it: <c>host</c>, <c>host:port</c> or <c>[ipv6]:port</c> (the port defaults to
    /// <see cref="SshOptions.Port"/>). <see cref="LocalShell"/> ignores it.</summary>
    public required string Host { get; init; }

    /// <summary>The command line, given to the remote user's shell (<c>/bin/sh -c</c> locally) as is. Values that
    /// come from outside (versions, names) must be quoted, which <c>Deployment.CommandTemplate</c> does.</summary>
    public required string CommandText { get; init; }

    /// <summary>Longest time the command may run before it is stopped and reported as timed out. Five minutes
    /// fits a package install or a service restart; long steps set their own.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest output line passed on, in characters; the rest of a longer line is cut (and the line says how
    /// much), so one endless line cannot fill the dashboard's memory.</summary>
    public int MaxLineLength { get; init; } = DefaultMaxLineLength;

    public const int DefaultMaxLineLength = 4000;

    /// <summary>Throws when the command cannot be run as given.</summary>
    internal void EnsureValid()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("The command has no host.", nameof(Host));
        }
        if (string.IsNullOrWhiteSpace(CommandText))
        {
            throw new ArgumentException($"The command for {Host} is empty.", nameof(CommandText));
        }
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, $"The timeout of the command for {Host} must be positive.");
        }
    }
}
