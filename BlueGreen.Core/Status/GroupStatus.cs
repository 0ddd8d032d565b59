using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Status;

public sealed record GroupStatus
{
    public required SiteGroup Group { get; init; }
    public required GroupLiveness Liveness { get; init; }
    /// <summary>Distinct versions its servers report (more than one while a group is being updated).</summary>
    public required IReadOnlyList<string> Versions { get; init; }
}
