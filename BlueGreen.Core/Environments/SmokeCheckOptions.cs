namespace BlueGreen.Core.Environments;

/// <summary>One HTTP smoke check.</summary>
public sealed class SmokeCheckOptions
{
    public string Name { get; set; } = "items";
    public string Method { get; set; } = "GET";
    public string Path { get; set; } = "/item";
    public int ExpectStatus { get; set; } = 200;
    /// <summary>Text the body must contain, if set.</summary>
    public string? BodyContains { get; set; }
}
