using System.Globalization;

namespace BlueGreen.Core.Ssh;

/// <summary>An SSH server address: host name or IP, and port.</summary>
/// <param name="Host">Host name or IP address, without brackets.</param>
/// <param name="Port">TCP port.</param>
public sealed record SshEndpoint(string Host, int Port)
{
    /// <summary>The name OpenSSH looks up in known_hosts: <c>host</c> on port 22, else <c>[host]:port</c>.</summary>
    public string KnownHostsName => Port == 22 ? Host : $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>host</c>, <c>host:port</c>, <c>[ipv6]:port</c> or a bare IPv6 address.</summary>
    /// <exception cref="ArgumentException">Empty host, a host starting with '-' (would read as an option to
    /// OpenSSH tools) or containing whitespace, or a port outside 1..65535.</exception>
    public static SshEndpoint Parse(string host, int defaultPort)
    {
        ArgumentNullException.ThrowIfNull(host);
        var text = host.Trim();
        var name = text;
        var port = defaultPort;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ArgumentException($"SSH host '{host}' has '[' without ']'.", nameof(host));
            }
            name = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                port = rest.StartsWith(':') ? ParsePort(host, rest[1..]) : throw new ArgumentException(
                    $"SSH host '{host}' must be '[address]:port'.", nameof(host));
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            name = text[..colon];
            port = ParsePort(host, text[(colon + 1)..]);
        }

        if (name.Length == 0 || name.StartsWith('-') || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"SSH host '{host}' is not a host name or address.", nameof(host));
        }
        if (port is < 1 or > 65535)
        {
            throw new ArgumentException($"SSH port {port} for host '{host}' is outside 1..65535.", nameof(host));
        }
        return new SshEndpoint(name, port);
    }

    private static int ParsePort(string host, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : throw new ArgumentException($"SSH host '{host}' has an invalid port '{text}'.", nameof(host));

    /// <summary><c>host:port</c>, for messages and logs.</summary>
    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
