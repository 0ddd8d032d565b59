using System.Globalization;
using System.Text;

namespace BlueGreen.Core.Ssh;

/// <summary>
/// Splits text that arrives in chunks into lines (<c>\n</c> or <c>\r\n</c>), keeping at most <c>maxLength</c>
/// characters of each: the rest is counted, not kept, and the line ends with how many characters were cut. Not
/// thread-safe: one per stream.
/// </summary>
internal sealed class BoundedLines(int maxLength)
{
    private readonly StringBuilder _line = new();
    private long _cut;
    private bool _pending;

    public void Push(ReadOnlySpan<char> chunk, Action<string> emit)
    {
        foreach (var c in chunk)
        {
            if (c == '\n')
            {
                Emit(emit);
                continue;
            }
            _pending = true;
            if (_line.Length < maxLength)
            {
                _line.Append(c);
            }
            else
            {
                _cut++;
            }
        }
    }

    /// <summary>Emits the last line when the text did not end with a line break.</summary>
    public void Flush(Action<string> emit)
    {
        if (_pending)
        {
            Emit(emit);
        }
    }

    private void Emit(Action<string> emit)
    {
        if (_cut == 0 && _line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }
        var text = _line.ToString();
        if (_cut > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" [… {_cut:N0} more characters cut: output lines are kept up to {maxLength:N0} characters]");
        }
        _line.Clear();
        _cut = 0;
        _pending = false;
        emit(text);
    }
}
