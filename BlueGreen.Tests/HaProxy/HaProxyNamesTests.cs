using BlueGreen.Core.HaProxy;

namespace BlueGreen.Tests.HaProxy;

public sealed class HaProxyNamesTests
{
    [Theory]
    [InlineData("app")]
    [InlineData("blue-1")]
    [InlineData("site_a.web:8080")]
    [InlineData("S1")]
    public void IsValid_LettersDigitsAndDashUnderscoreDotColon_True(string name)
    {
        Assert.True(HaProxyNames.IsValid(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("s1;shutdown sessions server app/s2")]
    [InlineData("s1\nset server app/s2 state maint")]
    [InlineData("s1 state ready")]
    [InlineData("süd")]
    [InlineData("a#b")]
    public void IsValid_AnythingElse_False(string? name)
    {
        Assert.False(HaProxyNames.IsValid(name));
    }

    [Fact]
    public void ThrowIfInvalid_BadName_NamesWhatAndValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => HaProxyNames.ThrowIfInvalid("s1;x", "server", "server"));

        Assert.Contains("'s1;x'", ex.Message);
        Assert.Contains("server", ex.Message);
        Assert.Equal("server", ex.ParamName);
    }
}
