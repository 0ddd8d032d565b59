using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Core.LoadTesting;

/// <summary><see cref="CriteriaTexts"/> as a JSON array of strings.</summary>
public sealed class CriteriaTextsJsonConverter : JsonConverter<CriteriaTexts>
{
    /// <inheritdoc />
    public override CriteriaTexts Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"expected an array of criteria, e.g. [\"loss during <= 0 %\"], not {reader.TokenType}.");
        }
        var texts = new List<string?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            texts.Add(reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Null => null,
                _ => throw new JsonException($"expected a criterion as a string, e.g. \"loss during <= 0 %\", not {reader.TokenType}."),
            });
        }
        return CriteriaTexts.From(texts);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, CriteriaTexts value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (var text in value)
        {
            writer.WriteStringValue(text);
        }
        writer.WriteEndArray();
    }
}
