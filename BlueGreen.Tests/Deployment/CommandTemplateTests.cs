using System.Globalization;
using System.Text;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Ssh;
using BlueGreen.Tests.Infrastructure;
using BlueGreen.Tests.Ssh;

namespace BlueGreen.Tests.Deployment;

public sealed class CommandTemplateTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string> HostileValues => new()
    {
        "1.0;rm -rf /",
        "$(id)",
        "`id`",
        "it's",
        "'",
        "''",
        "'\\''",
        "say \"hi\"",
        "\"",
        "a\nb",
        "\n",
        "trailing newline\n",
        "",
        " ",
        "a  b\tc",
        "\\",
        "back\\slash\\",
        "$HOME ${HOME} $1 $@ $$",
        "*",
        "~",
        "!!",
        "#not a comment",
        "-n",
        "--version",
        "%s%d%%",
        "a|b&c>d<e",
        "{version}",
        "grün ✓ 𝄞",
        "\r\n",
        "\u0001\u007f",
    };

    [Theory]
    [MemberData(nameof(HostileValues))]
    public async Task Expand_HostileValue_ShellReceivesItByteForByte(string value)
    {
        var template = CommandTemplate.Parse("printf %s {version} | od -An -v -tx1");
        var shell = new LocalShell(new RecordingLogger<LocalShell>(), TimeProvider.System);
        var output = new OutputRecorder();

        var result = await shell.RunAsync(
            new ShellCommand { Host = "lab", CommandText = template.Expand(Values(("version", value))) },
            output.OnLine, TestContext.Current.CancellationToken).WaitAsync(s_timeout, TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(output.Stderr);
        var bytes = string.Join(' ', output.Stdout).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Encoding.UTF8.GetBytes(value), bytes);
    }

    [Theory]
    [InlineData("", "''")]
    [InlineData("1.2.3", "'1.2.3'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$(id)", "'$(id)'")]
    public void Quote_Value_SingleQuotedWithEscapedQuotes(string value, string expected)
    {
        Assert.Equal(expected, CommandTemplate.Quote(value));
    }

    [Fact]
    public void Quote_NulCharacter_Throws()
    {
        Assert.Throws<ArgumentException>(() => CommandTemplate.Quote("a\0b"));
    }

    [Fact]
    public void Expand_AllPlaceholders_EachQuoted()
    {
        var template = CommandTemplate.Parse("deploy {version} --env={environment} {group}/{site}/{server}@{host} {version}");

        var expanded = template.Expand(Values(("version", "1.0"), ("environment", "prod"), ("group", "Blue"),
            ("site", "site a"), ("server", "app'1"), ("host", "10.0.0.5")));

        Assert.Equal("deploy '1.0' --env='prod' 'Blue'/'site a'/'app'\\''1'@'10.0.0.5' '1.0'", expanded);
        Assert.Equal(["version", "environment", "group", "site", "server", "host"], template.UsedPlaceholders);
    }

    [Fact]
    public void Parse_UnknownPlaceholders_ErrorNamesEveryOne()
    {
        var error = Assert.Throws<FormatException>(() => CommandTemplate.Parse("deploy {verison} {Version} {version} {foo_1}"));

        Assert.Contains("{verison}", error.Message, StringComparison.Ordinal);
        Assert.Contains("{Version}", error.Message, StringComparison.Ordinal);
        Assert.Contains("{foo_1}", error.Message, StringComparison.Ordinal);
        Assert.Contains("known: {version}, {environment}, {group}, {site}, {server}, {host}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("echo \"{version}\"", "double")]
    [InlineData("echo '{version}'", "single")]
    [InlineData("echo \"v=\\\"{version}\"", "double")]
    public void Parse_PlaceholderInsideQuotes_Rejected(string text, string quoteKind)
    {
        var error = Assert.Throws<FormatException>(() => CommandTemplate.Parse(text));

        Assert.Contains($"placeholder {{version}} at position", error.Message, StringComparison.Ordinal);
        Assert.Contains($"inside {quoteKind} quotes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ShellBracesAndEscapes_LeftLiteral()
    {
        var template = CommandTemplate.Parse("awk '{print $1}' f; echo ${HOME} {a,b} {{version}} \\'{version} \"it's\" {version}}}");

        var expanded = template.Expand(Values(("version", "2")));

        Assert.Equal("awk '{print $1}' f; echo ${HOME} {a,b} {version} \\''2' \"it's\" '2'}", expanded);
    }

    [Fact]
    public void Parse_DollarBracePlaceholder_RejectedAsShellVariable()
    {
        var error = Assert.Throws<FormatException>(() => CommandTemplate.Parse("echo ${version}"));

        Assert.Contains("shell variable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Problems_ReportsAllAtOnce()
    {
        Assert.False(CommandTemplate.TryParse("x {nope} \"{site}\"", out var template, out var error));

        Assert.Null(template);
        Assert.Contains("{nope}", error, StringComparison.Ordinal);
        Assert.Contains("{site}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_MissingValue_ErrorNamesPlaceholder()
    {
        var template = CommandTemplate.Parse("deploy {version} {site}");

        var error = Assert.Throws<ArgumentException>(() => template.Expand(Values(("version", "1"))));

        Assert.Contains("{site}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_KeyIsNotPlaceholder_Throws()
    {
        var template = CommandTemplate.Parse("deploy {version}");

        var error = Assert.Throws<ArgumentException>(() => template.Expand(Values(("version", "1"), ("verison", "1"))));

        Assert.Contains("verison", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_ValueWithNul_Throws()
    {
        var template = CommandTemplate.Parse("deploy {version}");

        Assert.Throws<ArgumentException>(() => template.Expand(Values(("version", "1\0"))));
    }

    private static Dictionary<string, string> Values(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);
}
