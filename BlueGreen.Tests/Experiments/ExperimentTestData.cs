using BlueGreen.Core;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Experiments;
using BlueGreen.Tests.LoadTesting;
using Microsoft.Extensions.Options;

namespace BlueGreen.Tests.Experiments;

/// <summary>Environment <c>test</c> (no approval gate) and small experiment definitions on it.</summary>
internal static class ExperimentTestData
{
    public static EnvironmentOptions Environment() => LoadTestServiceHarness.Environment(new Uri("http://127.0.0.1:18999/"));

    public static IOptions<BlueGreenOptions> Options(params EnvironmentOptions[] environments)
        => Microsoft.Extensions.Options.Options.Create(new BlueGreenOptions { Lab = { Enabled = false }, Environments = environments.Length > 0 ? [.. environments] : [Environment()] });

    /// <summary>The "tiny" experiment: one level, None / Success / Fail, two repetitions.</summary>
    public static ExperimentDefinition Tiny(int repetitions = 2) => new()
    {
        Name = "tiny",
        Environment = "test",
        BaselineVersion = "1.0.0",
        Levels = [new ExperimentLevel { Name = "low", RatePerClient = 100, Clients = 2, DurationSeconds = 8 }],
        Scenarios =
        [
            new ExperimentScenario { Kind = ScenarioKind.None },
            new ExperimentScenario { Kind = ScenarioKind.Success, Version = "2.0.0" },
            new ExperimentScenario { Kind = ScenarioKind.Fail, Version = "9.9.9-broken" },
        ],
        Repetitions = repetitions,
        DeployAtSeconds = 3,
        CooldownSeconds = 0,
    };
}
