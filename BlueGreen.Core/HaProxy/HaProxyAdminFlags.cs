namespace BlueGreen.Core.HaProxy;

/// <summary>
/// The <c>srv_admin_state</c> bitfield of <c>show servers state</c> (HAProxy's <c>SRV_ADMF_*</c>, documented in
/// management.txt of HAProxy 2.6).
/// </summary>
[Flags]
public enum HaProxyAdminFlags
{
    None = 0,
    /// <summary>0x01 SRV_ADMF_FMAINT: forced into maintenance (<c>set server ... state maint</c>, or <c>disabled</c>
    /// in the configuration, which also sets <see cref="ConfigMaint"/>).</summary>
    ForcedMaint = 0x01,
    /// <summary>0x02 SRV_ADMF_IMAINT: maintenance inherited from a tracked server.</summary>
    InheritedMaint = 0x02,
    /// <summary>0x04 SRV_ADMF_CMAINT: the server is <c>disabled</c> in the configuration. HAProxy keeps this bit after
    /// <c>set server ... state ready</c> (captured: a ready, UP server reports 4), so alone it is not maintenance.</summary>
    ConfigMaint = 0x04,
    /// <summary>0x08 SRV_ADMF_FDRAIN: forced into drain (<c>set server ... state drain</c>).</summary>
    ForcedDrain = 0x08,
    /// <summary>0x10 SRV_ADMF_IDRAIN: drain inherited from a tracked server.</summary>
    InheritedDrain = 0x10,
    /// <summary>0x20 SRV_ADMF_RMAINT: maintenance because the server's address could not be resolved.</summary>
    ResolutionMaint = 0x20,
    /// <summary>0x40 SRV_ADMF_HMAINT: the server's FQDN was set through the runtime API. Not a maintenance state
    /// despite the name.</summary>
    HostnameSetByCli = 0x40,
}
