namespace BlueGreen.Core.HaProxy;

/// <summary>The <c>srv_op_state</c> of <c>show servers state</c> (HAProxy's <c>SRV_ST_*</c>).</summary>
public enum HaProxyServerOpState
{
    /// <summary>0: down (failed checks, or in maintenance).</summary>
    Stopped = 0,
    /// <summary>1: up and warming up under <c>slowstart</c>; <c>show stat</c> prints it as UP.</summary>
    Starting = 1,
    /// <summary>2: up (including the moments where checks fail but have not reached <c>fall</c>).</summary>
    Running = 2,
    /// <summary>3: soft-stopping (NOLB), e.g. <c>http-check disable-on-404</c> got a 404.</summary>
    Stopping = 3,
}
