using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// A <see cref="TimeSpan"/> as a JSON number of seconds (<c>2.5</c>), the unit of <see cref="LoadTestSpec"/>'s times in
/// the REST API. A number too large for a <see cref="TimeSpan"/> saturates (<see cref="LoadTestSpec.FromSeconds"/>), so
/// the spec's validation names the field instead of the reader overflowing.
/// </summary>
public sealed class SecondsJsonConverter : JsonConverter<TimeSpan>
{
    /// <inheritdoc />
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"expected a number of seconds, e.g. 60, not {reader.TokenType}.");
        }
        // Beyond a double's range (1e400) this is infinity, which saturates too.
        return LoadTestSpec.FromSeconds(reader.GetDouble());
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.TotalSeconds);
    }
}
