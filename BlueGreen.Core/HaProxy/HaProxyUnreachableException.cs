using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Core.HaProxy;

/// <summary>HAProxy's runtime API could not be reached at <see cref="Address"/> (socket missing, connection refused,
/// permission denied, no answer in time, connection lost mid-answer).</summary>
public sealed class HaProxyUnreachableException : LoadBalancerException
{
    public HaProxyUnreachableException(string address, string reason, Exception? inner = null)
        : base(BuildMessage(address, reason), inner)
    {
        Address = address;
        Reason = reason;
    }

    /// <summary>The runtime API address as configured.</summary>
    public string Address { get; }

    /// <summary>What went wrong, in a few words (without the advice).</summary>
    public string Reason { get; }

    private static string BuildMessage(string address, string reason)
    {
        var socketLine = address.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase)
            ? "'stats socket ipv4@<host>:<port> level admin'"
            : $"'stats socket {address} mode 660 level admin'";
        return $"Cannot reach HAProxy's runtime API at '{address}': {reason}. Is HAProxy running? "
            + $"Does its global section have {socketLine}? "
            + "May this process read and write the socket (file permissions and group, or firewall for TCP)?";
    }
}
