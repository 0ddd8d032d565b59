namespace BlueGreen.SampleApp;

/// <summary>The body of <c>POST /item</c> and <c>PUT /item/{id}</c>. Nullable so that a missing field is
/// reported as missing rather than read as 0 or "".</summary>
public sealed class ItemInput
{
    public string? Name { get; set; }
    public decimal? Price { get; set; }
    /// <summary>2.x only; ignored by 1.x.</summary>
    public string? Category { get; set; }
}
