namespace BlueGreen.SampleApp;

/// <summary>One item of the store. <see cref="Category"/> is a 2.x field: 1.x responses leave it out.</summary>
public sealed record Item(int Id, string Name, decimal Price, string? Category);
