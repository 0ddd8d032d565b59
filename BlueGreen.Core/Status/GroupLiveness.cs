namespace BlueGreen.Core.Status;

/// <summary>How much of a group takes traffic.</summary>
public enum GroupLiveness
{
    /// <summary>No server of the group takes new traffic (standby).</summary>
    Idle,
    /// <summary>Some, not all, of its servers take new traffic.</summary>
    PartlyLive,
    /// <summary>Every server of the group takes new traffic.</summary>
    Live,
}
