using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// A spec's criteria as text (<see cref="LoadTestSpec.Criteria"/>): an immutable list compared by value, so a spec
/// stays a value (equal after a trip through JSON or storage). In JSON an array of strings; write it in C# as a
/// collection expression (<c>["loss during &lt;= 0 %"]</c>). A null entry reads as an empty text, which the spec's
/// validation names.
/// </summary>
[CollectionBuilder(typeof(CriteriaTexts), nameof(Create))]
[JsonConverter(typeof(CriteriaTextsJsonConverter))]
public sealed class CriteriaTexts : IReadOnlyList<string>, IEquatable<CriteriaTexts>
{
    private readonly string[] _texts;

    private CriteriaTexts(string[] texts) => _texts = texts;

    /// <summary>No criteria.</summary>
    public static CriteriaTexts None { get; } = new([]);

    /// <inheritdoc />
    public int Count => _texts.Length;

    /// <inheritdoc />
    public string this[int index] => _texts[index];

    /// <summary>The list of <paramref name="texts"/> (for collection expressions).</summary>
    public static CriteriaTexts Create(ReadOnlySpan<string> texts) => From(texts.ToArray());

    /// <summary>The list of <paramref name="texts"/> (null entries as empty texts).</summary>
    public static CriteriaTexts From(IEnumerable<string?> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        string[] array = [.. texts.Select(t => t ?? "")];
        return array.Length == 0 ? None : new(array);
    }

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_texts).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(CriteriaTexts? other) => other is not null && _texts.AsSpan().SequenceEqual(other._texts);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CriteriaTexts);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var text in _texts)
        {
            hash.Add(text, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => string.Join("; ", _texts);
}
