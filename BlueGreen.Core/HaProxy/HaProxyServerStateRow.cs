namespace BlueGreen.Core.HaProxy;

/// <summary>One server line of <c>show servers state</c>.</summary>
public sealed record HaProxyServerStateRow
{
    /// <summary><c>be_name</c>.</summary>
    public required string BackendName { get; init; }
    /// <summary><c>srv_name</c>.</summary>
    public required string ServerName { get; init; }
    /// <summary><c>srv_addr</c>.</summary>
    public string ServerAddress { get; init; } = "";
    /// <summary><c>srv_port</c>; 0 when absent.</summary>
    public int ServerPort { get; init; }
    /// <summary><c>srv_op_state</c>.</summary>
    public required HaProxyServerOpState OpState { get; init; }
    /// <summary><c>srv_admin_state</c>.</summary>
    public required HaProxyAdminFlags AdminFlags { get; init; }
    /// <summary><c>srv_uweight</c>: the weight set by configuration or <c>set server ... weight</c>.</summary>
    public int UserWeight { get; init; }
    /// <summary><c>srv_check_health</c>: 0 .. rise+fall-1; 0 when absent.</summary>
    public int CheckHealth { get; init; }
}
