using BlueGreen.Core.Deployment;

namespace BlueGreen.Tests.Deployment;

public sealed class VersionNameTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("1.0.0")]
    [InlineData("v2.3.4-rc.1+build.5")]
    [InlineData("2026_01_15")]
    [InlineData("release-1.2-broken")]
    [InlineData("a..b")]
    public void Validate_ValidName_Null(string value)
    {
        Assert.Null(VersionName.Validate(value));
        Assert.True(VersionName.IsValid(value));
    }

    [Fact]
    public void Validate_SixtyFourCharacters_Valid()
    {
        Assert.Null(VersionName.Validate(new string('7', 64)));
    }

    [Theory]
    [InlineData("1.0;rm -rf /")]
    [InlineData("$(id)")]
    [InlineData("`id`")]
    [InlineData("1.0\n")]
    [InlineData("1.0\r")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("../etc")]
    [InlineData("it's")]
    [InlineData("grün")]
    [InlineData("1.0\0")]
    public void Validate_ForbiddenCharacters_NamesFieldAndRule(string value)
    {
        var error = VersionName.Validate(value, "Version");

        Assert.NotNull(error);
        Assert.StartsWith("Version ", error, StringComparison.Ordinal);
        Assert.Contains(VersionName.Rule, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain('\0', error);
    }

    [Theory]
    [InlineData("-1.0", '-')]
    [InlineData(".hidden", '.')]
    [InlineData("..", '.')]
    public void Validate_BadFirstCharacter_SaysWhich(string value, char first)
    {
        var error = VersionName.Validate(value);

        Assert.NotNull(error);
        Assert.Contains($"must not start with '{first}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Validate_Missing_Required(string? value)
    {
        Assert.Equal($"version is required: {VersionName.Rule}.", VersionName.Validate(value));
    }

    [Fact]
    public void Validate_SixtyFiveCharacters_Invalid()
    {
        var error = VersionName.Validate(new string('7', 65));

        Assert.NotNull(error);
        Assert.Contains("1 to 64 characters", error, StringComparison.Ordinal);
    }
}
