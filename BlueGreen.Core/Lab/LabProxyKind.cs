namespace BlueGreen.Core.Lab;

public enum LabProxyKind
{
    Auto,
    HaProxy,
    Embedded,
}
