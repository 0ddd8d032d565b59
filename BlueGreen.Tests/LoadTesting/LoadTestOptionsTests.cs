using BlueGreen.Core;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Statistics;
using Microsoft.Extensions.Configuration;

namespace BlueGreen.Tests.LoadTesting;

public sealed class LoadTestOptionsTests
{
    private static IReadOnlyList<string> Problems(LoadTestOptions loadTesting)
    {
        var result = new BlueGreenOptionsValidator().Validate(null, new BlueGreenOptions { LoadTesting = loadTesting });
        return result.Failed ? result.Failures!.ToList() : [];
    }

    [Fact]
    public void Validate_Defaults_NoProblems() => Assert.Empty(Problems(new LoadTestOptions()));

    [Fact]
    public void Validate_BadLimits_EachWithItsPathAndFix()
    {
        var problems = Problems(new LoadTestOptions
        {
            MaxRatePerClient = 0,
            MaxClients = 0,
            MaxDuration = TimeSpan.Zero,
            MaxRequestsPerClient = 0,
            MaxConcurrentTests = 0,
            MaxConcurrentTestsPerUser = 0,
            Tiphon = new TiphonOptions { DelayVeryGoodBelowMs = 500 },
        });

        Assert.Equal(7, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("BlueGreen:LoadTesting:MaxConcurrentTestsPerUser: 0 must be 1..MaxConcurrentTests", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BlueGreen:LoadTesting:MaxRatePerClient: 0 must be above 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BlueGreen:LoadTesting:MaxConcurrentTests: 0 must be 1..16", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BlueGreen:LoadTesting:Tiphon: Delay thresholds must ascend", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.StartsWith("BlueGreen:LoadTesting:", p));
    }

    [Fact]
    public void Bind_LoadTestingSection_LimitsAndTiphonThresholdsAreRead()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BlueGreen:LoadTesting:MaxRatePerClient"] = "500",
            ["BlueGreen:LoadTesting:MaxConcurrentTests"] = "2",
            ["BlueGreen:LoadTesting:MaxDuration"] = "00:30:00",
            ["BlueGreen:LoadTesting:Tiphon:DelayVeryGoodBelowMs"] = "100",
        }).Build();

        var options = configuration.GetSection("BlueGreen").Get<BlueGreenOptions>()!;

        Assert.Equal((500, 2, TimeSpan.FromMinutes(30)), (options.LoadTesting.MaxRatePerClient, options.LoadTesting.MaxConcurrentTests, options.LoadTesting.MaxDuration));
        Assert.Equal(100, options.LoadTesting.Tiphon.DelayVeryGoodBelowMs);
        Assert.Equal(300, options.LoadTesting.Tiphon.DelayGoodUpToMs);
    }
}
