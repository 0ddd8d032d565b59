using System.Text;
using BlueGreen.Core.References;

namespace BlueGreen.Tests.References;

public sealed class DecimalTextTests
{
    [Theory]
    [InlineData("0,023", 0.023)]      // paper 002, Table A.2 run 1
    [InlineData("0.006", 0.006)]      // Table A.1 run 2
    [InlineData("11,569", 11.569)]
    [InlineData("108.54", 108.54)]
    [InlineData("31315", 31315)]
    [InlineData(" 1,2 ", 1.2)]
    [InlineData("-0,5", -0.5)]
    public void Parse_EitherSeparator_ReadsTheDecimal(string text, double expected)
    {
        Assert.Equal(expected, DecimalText.Parse(text), 12);
    }

    [Theory]
    [InlineData("1.234,5")]           // grouped thousands: ambiguous
    [InlineData("1,2,3")]
    [InlineData("1e3")]
    [InlineData("")]
    [InlineData("0.6 %")]
    public void Parse_NotAPlainDecimal_Throws(string text)
    {
        Assert.Throws<FormatException>(() => DecimalText.Parse(text));
    }

    [Fact]
    public void Read_SemicolonCsvWithCommentsAndDecimalCommas_ParsesEveryCell()
    {
        var csv = "# a comment\nName;Value;Other\na;0,023;\nb;1.5;2,75\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));

        var rows = ReferenceCsv.Read(stream, r => (ReferenceCsv.Text(r, "Name"), ReferenceCsv.Number(r, "Value"), ReferenceCsv.NumberOrNull(r, "Other")));

        Assert.Equal([("a", 0.023, null), ("b", 1.5, 2.75)], rows);
    }

    [Fact]
    public void Read_BadCell_NamesRowAndColumn()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("Name;Value\na;1,2,3\n"));

        var ex = Assert.Throws<FormatException>(() => ReferenceCsv.Read(stream, r => ReferenceCsv.Number(r, "Value")));

        Assert.Contains("Row 1, Value", ex.Message, StringComparison.Ordinal);
    }
}
