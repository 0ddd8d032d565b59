using CsvHelper;

namespace BlueGreen.Core.References;

/// <summary>
/// Reads the papers' data files shipped in this folder (embedded resources): ';'-separated, so that a decimal comma
/// needs no quotes, with a header and '#' comment lines that say where the data comes from.
/// </summary>
internal static class ReferenceCsv
{
    private static readonly CsvReaderOptions s_options = new() { Separator = ';', CommentPrefix = '#', HasHeader = true };

    /// <summary>The rows of the embedded file <paramref name="name"/> (e.g. <c>paper-002-appendix.csv</c>).</summary>
    public static List<T> ReadResource<T>(string name, Func<CsvReader, T> map)
    {
        var assembly = typeof(ReferenceCsv).Assembly;
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The reference data '{name}' is not embedded in {assembly.GetName().Name}.");
        return Read(stream, map);
    }

    /// <exception cref="FormatException">A cell that does not parse, named with its row and column.</exception>
    public static List<T> Read<T>(Stream stream, Func<CsvReader, T> map)
    {
        using var reader = CsvReader.Create(stream, s_options, leaveOpen: true);
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    public static string Text(CsvReader reader, string column) => reader.GetString(column) ?? "";

    public static string? TextOrNull(CsvReader reader, string column) => reader.GetString(column) is { Length: > 0 } text ? text : null;

    public static double Number(CsvReader reader, string column) =>
        NumberOrNull(reader, column) ?? throw new FormatException($"Row {reader.RowNumber}, {column}: a number is required.");

    public static double? NumberOrNull(CsvReader reader, string column)
    {
        var text = TextOrNull(reader, column);
        try
        {
            return text is null ? null : DecimalText.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Row {reader.RowNumber}, {column}: {ex.Message}", ex);
        }
    }

    public static int? IntegerOrNull(CsvReader reader, string column) => NumberOrNull(reader, column) switch
    {
        null => null,
        var value when value == Math.Round(value.Value) && Math.Abs(value.Value) <= int.MaxValue => (int)value.Value,
        var value => throw new FormatException($"Row {reader.RowNumber}, {column}: {value} is not a whole number."),
    };

    public static TEnum Enum<TEnum>(CsvReader reader, string column) where TEnum : struct, Enum =>
        System.Enum.TryParse<TEnum>(Text(reader, column), out var value) && System.Enum.IsDefined(value)
            ? value
            : throw new FormatException($"Row {reader.RowNumber}, {column}: '{Text(reader, column)}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
}
