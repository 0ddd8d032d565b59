using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Core.HaProxy;

/// <summary>
/// Turns what HAProxy 2.6 prints into <see cref="AdminState"/> and <see cref="OperationalState"/>. Every rule below
/// was checked against a real HAProxy 2.6.12; the captured answers are the test data in
/// BlueGreen.Tests/HaProxy/Data and the tests name the file that shows each case.
/// </summary>
/// <remarks>
/// <para><b>Admin state</b> comes from the <c>srv_admin_state</c> bitfield of <c>show servers state</c>, with
/// HAProxy's own masks: maintenance = FMAINT | IMAINT | RMAINT (0x23, <c>SRV_ADMF_MAINT</c> in HAProxy's source, the
/// bits that make <c>show stat</c> print MAINT), drain = FDRAIN | IDRAIN (0x18). CMAINT (0x04, "disabled in the
/// configuration") is not a maintenance bit on its own: HAProxy sets FMAINT with it at start (captured value 5) and
/// keeps CMAINT after <c>state ready</c> while the server is UP and taking traffic (captured value 4). HMAINT (0x40)
/// only records that the FQDN was set through the CLI.</para>
/// <para><b>Operational state</b> comes from the <c>show stat</c> status text, which HAProxy computes from the op
/// state and the check health (rise/fall) together; the op state of <c>show servers state</c> is the fallback where
/// the text says nothing about checks (MAINT, <c>no check</c>, anything unknown):</para>
/// <list type="table">
/// <item><term>UP</term><description>Up (checks at full health; also a slowstart warm-up).</description></item>
/// <item><term>UP n/m</term><description>Stopping: running, but health is below rise+fall-1, so the server is
/// n checks away from DOWN. This is also what a server shows right after <c>state ready</c> (from maint or after a
/// config <c>disabled</c>): HAProxy puts it UP at once with the minimum UP health, before any check has passed
/// (captured "UP 1/3" with op state 2, both with a live port and with a dead one, which then went DOWN). One
/// passing check makes it UP. Reporting it as Up would let a switch drain the live group onto a server no check has
/// vouched for yet.</description></item>
/// <item><term>DOWN</term><description>Down (e.g. a dead port: DOWN with check status L4CON).</description></item>
/// <item><term>DOWN n/m</term><description>Starting: stopped, n of rise checks have passed.</description></item>
/// <item><term>DRAIN</term><description>Up: checks pass; the drain is the admin state.</description></item>
/// <item><term>DRAIN n/m</term><description>Stopping: drained and its checks are failing (captured after killing
/// a drained server's port: "DRAIN 2/3", then DOWN).</description></item>
/// <item><term>NOLB, NOLB n/m</term><description>Stopping: op state 3, the server asked to stop taking new traffic
/// (captured with <c>http-check disable-on-404</c>, check status L7OKC).</description></item>
/// <item><term>DOWN (agent), DRAIN (agent)</term><description>Down, Up (the agent's verdict).</description></item>
/// <item><term>MAINT, MAINT (via b/s), MAINT (resolution)</term><description>From the op state, which HAProxy
/// sets to 0 in maintenance (captured), so Down: checks are suspended and nothing is routed there.</description></item>
/// <item><term>no check</term><description>From the op state: running or slowstart = Up.</description></item>
/// </list>
/// <para>Op state fallback: 0 stopped = Down, 1 starting (slowstart warm-up, which <c>show stat</c> prints as UP)
/// = Up, 2 running = Up, 3 stopping = Stopping.</para>
/// <para>The two commands are separate reads a few milliseconds apart, so one read can combine an admin state from
/// just before a change with a status from just after it (seen while capturing: "DOWN 2/3" beside op state 2).
/// Callers that act on the state poll it; the next read is consistent.</para>
/// </remarks>
public static class HaProxyStateMapping
{
    /// <summary>Maintenance bits: HAProxy's <c>SRV_ADMF_MAINT</c> mask.</summary>
    public const HaProxyAdminFlags MaintMask =
        HaProxyAdminFlags.ForcedMaint | HaProxyAdminFlags.InheritedMaint | HaProxyAdminFlags.ResolutionMaint;

    /// <summary>Drain bits: HAProxy's <c>SRV_ADMF_DRAIN</c> mask.</summary>
    public const HaProxyAdminFlags DrainMask = HaProxyAdminFlags.ForcedDrain | HaProxyAdminFlags.InheritedDrain;

    /// <summary>Maint when any maintenance bit is set, else Drain when any drain bit is set, else Ready.</summary>
    public static AdminState ToAdminState(HaProxyAdminFlags flags) =>
        (flags & MaintMask) != 0 ? AdminState.Maint
        : (flags & DrainMask) != 0 ? AdminState.Drain
        : AdminState.Ready;

    /// <summary>Derives the operational state from a <c>show stat</c> status text and, where the text does not
    /// tell, the <c>srv_op_state</c> (see the type's remarks for the table).</summary>
    /// <param name="status">The status column, e.g. <c>UP 1/3</c>; empty when the server has no stat row.</param>
    /// <param name="opState">The op state, or null when the server has no servers-state row.</param>
    public static OperationalState ToOperationalState(string status, HaProxyServerOpState? opState)
    {
        var text = status.Trim();
        var word = text.Split(' ', 2)[0].ToUpperInvariant();
        var transitional = IsTransitional(text);
        return word switch
        {
            "UP" => transitional ? OperationalState.Stopping : OperationalState.Up,
            "DOWN" => transitional ? OperationalState.Starting : OperationalState.Down,
            "DRAIN" => transitional ? OperationalState.Stopping : OperationalState.Up,
            "NOLB" => OperationalState.Stopping,
            _ => FromOpState(opState),
        };
    }

    /// <summary>Op state alone: stopped = Down, starting (slowstart) and running = Up, stopping = Stopping.</summary>
    public static OperationalState FromOpState(HaProxyServerOpState? opState) => opState switch
    {
        HaProxyServerOpState.Running or HaProxyServerOpState.Starting => OperationalState.Up,
        HaProxyServerOpState.Stopping => OperationalState.Stopping,
        _ => OperationalState.Down,
    };

    // "UP 1/3", "DOWN 2/3", "DRAIN 1/2", "NOLB 1/2": a second word of the form n/m.
    private static bool IsTransitional(string status)
    {
        var parts = status.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return false;
        }
        var slash = parts[1].IndexOf('/');
        return slash > 0
            && int.TryParse(parts[1].AsSpan(0, slash), out _)
            && int.TryParse(parts[1].AsSpan(slash + 1), out _);
    }
}
