using System.Net;
using System.Net.Sockets;

namespace BlueGreen.Core.HaProxy;

/// <summary>
/// Where a HAProxy runtime API listens: <c>/abs/path.sock</c>, <c>unix:/abs/path.sock</c> or <c>tcp://host:port</c>.
/// </summary>
public sealed record HaProxyAddress
{
    private const string AcceptedForms =
        "Use an absolute unix socket path (/run/haproxy/admin.sock), unix:/run/haproxy/admin.sock, or tcp://host:port.";

    private HaProxyAddress(HaProxyAddressKind kind, string path, string host, int port)
    {
        Kind = kind;
        Path = path;
        Host = host;
        Port = port;
    }

    public HaProxyAddressKind Kind { get; }

    /// <summary>The socket file for <see cref="HaProxyAddressKind.Unix"/>; empty for TCP.</summary>
    public string Path { get; }

    /// <summary>Host name or IP literal for <see cref="HaProxyAddressKind.Tcp"/>; empty for unix.</summary>
    public string Host { get; }

    /// <summary>TCP port; 0 for unix.</summary>
    public int Port { get; }

    /// <summary>Parses an address as written in the configuration.</summary>
    /// <exception cref="ArgumentException">The value is none of the accepted forms; the message names it and them.</exception>
    public static HaProxyAddress Parse(string value)
    {
        var text = value?.Trim() ?? "";
        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            text = text["unix:".Length..];
            if (IsAbsolutePath(text))
            {
                return new HaProxyAddress(HaProxyAddressKind.Unix, text, "", 0);
            }
        }
        else if (IsAbsolutePath(text))
        {
            return new HaProxyAddress(HaProxyAddressKind.Unix, text, "", 0);
        }
        else if (text.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && uri.Host.Length > 0
            && !uri.IsDefaultPort
            && uri.Port is > 0 and <= 65535
            && uri.AbsolutePath == "/"
            && uri.Query.Length == 0
            && uri.UserInfo.Length == 0
            && !text.EndsWith('/'))
        {
            // Uri keeps the brackets of an IPv6 literal in Host; DnsSafeHost drops them.
            return new HaProxyAddress(HaProxyAddressKind.Tcp, "", uri.DnsSafeHost, uri.Port);
        }
        throw new ArgumentException($"'{value}' is not a HAProxy runtime API address. {AcceptedForms}", nameof(value));
    }

    /// <summary>The endpoint to connect a <see cref="Socket"/> to.</summary>
    public EndPoint ToEndPoint() => Kind switch
    {
        HaProxyAddressKind.Unix => new UnixDomainSocketEndPoint(Path),
        _ when IPAddress.TryParse(Host, out var ip) => new IPEndPoint(ip, Port),
        _ => new DnsEndPoint(Host, Port),
    };

    /// <summary>The canonical form: the socket path, or <c>tcp://host:port</c>.</summary>
    public override string ToString() => Kind == HaProxyAddressKind.Unix
        ? Path
        : Host.Contains(':') ? $"tcp://[{Host}]:{Port}" : $"tcp://{Host}:{Port}";

    private static bool IsAbsolutePath(string text) => text.Length > 1 && text[0] == '/' && !text.Any(char.IsControl);
}
