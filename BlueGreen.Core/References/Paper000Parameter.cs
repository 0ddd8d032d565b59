namespace BlueGreen.Core.References;

/// <summary>Paper 000's three QoS parameters (section 2.4).</summary>
public enum Paper000Parameter
{
    /// <summary>Data received per second; reported in KB/s, not requests/s.</summary>
    Throughput,

    /// <summary>Response time ("delay"), ms; graded with TIPHON's delay categories.</summary>
    ResponseTime,

    /// <summary>Requests without a response / requests sent, %; graded with TIPHON's loss categories.</summary>
    PacketLoss,
}
