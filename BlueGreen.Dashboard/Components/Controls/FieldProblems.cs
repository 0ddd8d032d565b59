using System.Globalization;

namespace BlueGreen.Dashboard.Components.Controls;

/// <summary>
/// What is wrong with each input of a form, by field name: a value that cannot be read as the number it must be
/// (named as typed, never replaced by a default or clamped), and what a validation says of the value read. An input
/// that could not be read keeps its own problem: the validation saw a stand-in value, not what was typed.
/// </summary>
public sealed class FieldProblems
{
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _problems = new(StringComparer.Ordinal);

    /// <summary>Fields with a problem.</summary>
    public int Count => _problems.Count;

    /// <summary>The problem of <paramref name="field"/>, or null.</summary>
    public string? Of(string field) => _problems.GetValueOrDefault(field);

    /// <summary>The number typed, or null (with a problem unless <paramref name="optional"/> and empty).</summary>
    public double? Number(string text, string field, bool optional = false)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Unreadable(text, field, optional, "a number, e.g. 2.5");
        return null;
    }

    /// <summary>The whole number typed (up to <paramref name="max"/>), or null as <see cref="Number"/>.</summary>
    public long? Whole(string text, string field, long max, bool optional = false)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value <= max)
        {
            return value;
        }
        Unreadable(text, field, optional, "a whole number");
        return null;
    }

    /// <summary>Adds what a validation says of <paramref name="field"/>, after what it said already (once each).</summary>
    public void Add(string field, string text)
    {
        if (_unreadable.Contains(field))
        {
            return;
        }
        if (!_problems.TryGetValue(field, out var earlier))
        {
            _problems[field] = text;
        }
        else if (!earlier.Contains(text, StringComparison.Ordinal))
        {
            _problems[field] = $"{earlier} {text}";
        }
    }

    private void Unreadable(string text, string field, bool optional, string expected)
    {
        if (optional && text.Length == 0)
        {
            return;
        }
        _unreadable.Add(field);
        _problems[field] = text.Length == 0 ? $"Enter {expected}." : $"'{text}' is not {expected}.";
    }
}
