namespace BlueGreen.Core.Environments;

/// <summary>The colour of a set of sites.</summary>
public enum SiteGroup
{
    Blue,
    Green,
}
