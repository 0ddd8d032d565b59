using System.Globalization;

namespace BlueGreen.Core.References;

/// <summary>
/// Reads a number as the papers print it: a decimal point (<c>108.54</c>) or a decimal comma (<c>0,023</c>, in paper
/// 002's error rates and everywhere in paper 000). Neither paper groups thousands, so a separator is always the
/// decimal one; a value with two separators (<c>1.234,5</c>) is ambiguous and refused, as is an exponent.
/// </summary>
internal static class DecimalText
{
    /// <exception cref="FormatException">Not a plain decimal number with at most one separator.</exception>
    public static double Parse(string text, IFormatProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Count(c => c is '.' or ',') > 1)
        {
            throw new FormatException($"'{text}' has more than one decimal separator.");
        }
        if (!double.TryParse(trimmed.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"'{text}' is not a decimal number.");
        }
        return value;
    }
}
