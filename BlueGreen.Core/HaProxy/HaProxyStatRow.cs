namespace BlueGreen.Core.HaProxy;

/// <summary>One line of <c>show stat</c>: a frontend, backend (<c>BACKEND</c>) or server row. Numbers that HAProxy
/// leaves empty (not applicable to the row's type) are 0.</summary>
public sealed record HaProxyStatRow
{
    /// <summary><c>pxname</c>: the frontend or backend name.</summary>
    public required string ProxyName { get; init; }
    /// <summary><c>svname</c>: the server name, or <c>FRONTEND</c> / <c>BACKEND</c>.</summary>
    public required string ServiceName { get; init; }
    /// <summary><c>status</c> as printed: <c>UP</c>, <c>DOWN</c>, <c>UP 1/3</c>, <c>DOWN 2/3</c>, <c>MAINT</c>,
    /// <c>MAINT (via b/s)</c>, <c>DRAIN</c>, <c>NOLB</c>, <c>no check</c>, <c>OPEN</c>...</summary>
    public string Status { get; init; } = "";
    /// <summary><c>check_status</c> without the <c>"* "</c> HAProxy prefixes while a check is running
    /// (e.g. <c>L7OK</c>, <c>L4CON</c>, <c>L7OKC</c>); empty when the server is not checked or in maintenance.</summary>
    public string CheckStatus { get; init; } = "";
    /// <summary><c>scur</c>.</summary>
    public int CurrentSessions { get; init; }
    /// <summary><c>qcur</c>.</summary>
    public int CurrentQueue { get; init; }
    /// <summary><c>weight</c> (effective).</summary>
    public int Weight { get; init; }
    /// <summary><c>rate</c>: sessions over the last second.</summary>
    public int SessionRate { get; init; }
    /// <summary><c>stot</c>.</summary>
    public long TotalSessions { get; init; }
    /// <summary><c>hrsp_5xx</c>; for a BACKEND row this includes the 5xx HAProxy generated itself (502, 503, 504).</summary>
    public long Http5xx { get; init; }
    /// <summary><c>econ</c>.</summary>
    public long ConnectionErrors { get; init; }
    /// <summary><c>eresp</c>.</summary>
    public long ResponseErrors { get; init; }
    /// <summary><c>wretr</c>.</summary>
    public long Retries { get; init; }
    /// <summary><c>wredis</c>.</summary>
    public long Redispatches { get; init; }
    /// <summary><c>bin</c>: bytes received from clients; null when the column is empty or missing.</summary>
    public long? BytesIn { get; init; }
    /// <summary><c>bout</c>: bytes sent to clients; null when the column is empty or missing.</summary>
    public long? BytesOut { get; init; }
    /// <summary><c>lastchg</c>: seconds since the last UP/DOWN change; null when the column is empty or missing.</summary>
    public long? SecondsSinceChange { get; init; }
    /// <summary><c>cli_abrt</c>.</summary>
    public long ClientAborts { get; init; }
    /// <summary><c>srv_abrt</c>.</summary>
    public long ServerAborts { get; init; }

    /// <summary>True for the backend's summary row (<c>svname</c> = <c>BACKEND</c>).</summary>
    public bool IsBackend => ServiceName == "BACKEND";

    /// <summary>True for the frontend's summary row (<c>svname</c> = <c>FRONTEND</c>).</summary>
    public bool IsFrontend => ServiceName == "FRONTEND";
}
