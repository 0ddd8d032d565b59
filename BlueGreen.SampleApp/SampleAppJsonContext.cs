using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.SampleApp;

/// <summary>Source-generated JSON for every body the service reads or writes (web defaults: camelCase,
/// case-insensitive reads; nulls left out, which is how 1.x hides <see cref="Item.Category"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Item))]
[JsonSerializable(typeof(IReadOnlyList<Item>))]
[JsonSerializable(typeof(ItemInput))]
[JsonSerializable(typeof(ItemStats))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(SlowResponse))]
public sealed partial class SampleAppJsonContext : JsonSerializerContext;
