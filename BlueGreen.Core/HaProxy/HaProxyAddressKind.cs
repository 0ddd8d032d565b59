namespace BlueGreen.Core.HaProxy;

/// <summary>How a HAProxy runtime API socket is reached.</summary>
public enum HaProxyAddressKind
{
    /// <summary>A unix domain socket on this machine (<c>stats socket /run/haproxy/admin.sock</c>).</summary>
    Unix,
    /// <summary>A TCP socket (<c>stats socket ipv4@127.0.0.1:9999</c>).</summary>
    Tcp,
}
