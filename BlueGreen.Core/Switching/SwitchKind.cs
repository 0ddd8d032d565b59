namespace BlueGreen.Core.Switching;

/// <summary>What a <see cref="SwitchPlan"/> does; named in the log and the switch audit.</summary>
public enum SwitchKind
{
    /// <summary>Traffic moves to the newly updated group.</summary>
    Switch,
    /// <summary>Traffic moves back to the previous group.</summary>
    Rollback,
    /// <summary>An operator stopped a switch: the outgoing servers serve again, the incoming ones leave service.</summary>
    Abort,
    /// <summary>Servers leave service (drain, then maintenance) so they can be updated.</summary>
    TakeOut,
    /// <summary>Servers return to service (READY, then UP).</summary>
    BringIn,
}
