using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Status;

public sealed record SiteStatus
{
    public required string Name { get; init; }
    public required SiteGroup Group { get; init; }
    public required IReadOnlyList<ServerStatus> Servers { get; init; }
}
