using BlueGreen.Core;
using BlueGreen.Core.Environments;

namespace BlueGreen.Tests;

public class BlueGreenOptionsValidatorTests
{
    private static BlueGreenOptions Valid() => new()
    {
        Lab = { Enabled = false },
        Environments =
        [
            new EnvironmentOptions
            {
                Name = "production",
                LoadBalancers = [new LoadBalancerOptions { Name = "lb1", RuntimeApi = "/run/haproxy/admin.sock", Backend = "app", FrontendUrl = "http://10.0.0.10/" }],
                Sites =
                [
                    new SiteOptions { Name = "A", Group = "Blue", Servers = [new ServerOptions { Name = "a1", Address = "10.0.1.11:8080" }] },
                    new SiteOptions { Name = "B", Group = "Green", Servers = [new ServerOptions { Name = "b1", Address = "10.0.1.12:8080" }] },
                ],
            },
        ],
    };

    private static IReadOnlyList<string> Problems(BlueGreenOptions options)
    {
        var result = new BlueGreenOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures!.ToList() : [];
    }

    [Fact]
    public void Validate_ValidTwoSiteEnvironment_NoProblems() => Assert.Empty(Problems(Valid()));

    [Fact]
    public void Validate_DefaultOptions_LabOnlyIsValid() => Assert.Empty(Problems(new BlueGreenOptions()));

    [Fact]
    public void Validate_PurpleGroup_NamesPathAndValue()
    {
        var options = Valid();
        options.Environments[0].Sites.Add(new SiteOptions { Name = "C", Group = "Purple", Servers = [new ServerOptions { Name = "c1", Address = "10.0.1.13:8080" }] });

        Assert.Contains("BlueGreen:Environments:0:Sites:2:Group: 'Purple' is not Blue or Green.", Problems(options));
    }

    [Fact]
    public void Validate_NumericGroup_Rejected()
    {
        var options = Valid();
        options.Environments[0].Sites[0].Group = "1";

        Assert.Contains(Problems(options), p => p.StartsWith("BlueGreen:Environments:0:Sites:0:Group:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ManyProblems_ReportsAllAtOnce()
    {
        var options = Valid();
        var environment = options.Environments[0];
        environment.LoadBalancers[0].RuntimeApi = "http://nope";
        environment.LoadBalancers[0].FrontendUrl = "not a url";
        environment.Sites[0].Servers[0].Address = "no-port";
        environment.Sites[1].Servers[0].Name = "a1";

        var problems = Problems(options);

        Assert.Contains(problems, p => p.StartsWith("BlueGreen:Environments:0:LoadBalancers:0:RuntimeApi: 'http://nope'", StringComparison.Ordinal) && p.Contains("tcp://host:port"));
        Assert.Contains(problems, p => p.StartsWith("BlueGreen:Environments:0:LoadBalancers:0:FrontendUrl:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BlueGreen:Environments:0:Sites:0:Servers:0:Address:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BlueGreen:Environments:0:Sites:1:Servers:0:Name: 'a1' appears twice", StringComparison.Ordinal));
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void Validate_OnlyBlueSites_NeedsBothGroups()
    {
        var options = Valid();
        options.Environments[0].Sites[1].Group = "Blue";

        Assert.Contains(Problems(options), p => p.StartsWith("BlueGreen:Environments:0:Sites: blue-green needs at least one Blue and one Green site", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EnvironmentNamedLikeLab_Rejected()
    {
        var options = Valid();
        options.Lab.Enabled = true;
        options.Environments[0].Name = "LAB";

        Assert.Contains(Problems(options), p => p.StartsWith("BlueGreen:Environments:0:Name: 'LAB' is used twice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/run/haproxy/admin.sock", true)]
    [InlineData("unix:/run/haproxy/admin.sock", true)]
    [InlineData("tcp://127.0.0.1:9999", true)]
    [InlineData("tcp://127.0.0.1", false)]
    [InlineData("", false)]
    [InlineData("relative.sock", false)]
    [InlineData("http://nope", false)]
    public void IsRuntimeApiAddress_Forms(string value, bool expected)
        => Assert.Equal(expected, BlueGreenOptionsValidator.IsRuntimeApiAddress(value));

    [Fact]
    public void Validate_LabPortsCollide_NamesSetting()
    {
        var options = new BlueGreenOptions { Lab = { FrontendPort = 18082, ServerBasePort = 18081 } };

        Assert.Contains(Problems(options), p => p.StartsWith("BlueGreen:Lab:FrontendPort: 18082 collides", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LabInitialVersionWithShellCharacters_Rejected()
    {
        var options = new BlueGreenOptions { Lab = { InitialVersion = "1.0;rm -rf /" } };

        Assert.Contains(Problems(options), p => p.StartsWith("BlueGreen:Lab:InitialVersion:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-00:00:01", false)]
    [InlineData("01:00:01", false)]
    [InlineData("00:00:00", true)]
    [InlineData("00:00:02", true)]
    public void Validate_LabWatchDuration_RefusedOutsideZeroToAnHourAndUsedByTheLabEnvironment(string value, bool valid)
    {
        var options = new BlueGreenOptions { Lab = { WatchDuration = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) } };

        var problems = Problems(options);

        Assert.Equal(valid, !problems.Any(p => p.StartsWith("BlueGreen:Lab:WatchDuration:", StringComparison.Ordinal)));
        if (valid)
        {
            Assert.Equal(options.Lab.WatchDuration, BlueGreen.Core.Lab.LabEnvironment.Build(options).Deployment.WatchDuration);
        }
    }

    [Theory]
    [InlineData("item", "'item' must start with '/'")]
    [InlineData("//other.example/x", "'//other.example/x' names a host or scheme.")]
    [InlineData("/a b", "without spaces")]
    public void Validate_LoadPathNotAPathOnTheTarget_NamesTheSettingAndTheFix(string loadPath, string expected)
    {
        var options = Valid();
        options.Environments[0].LoadPath = loadPath;

        var problem = Assert.Single(Problems(options));

        Assert.StartsWith("BlueGreen:Environments:0:LoadPath: ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.EndsWith("Set the path load tests send to when they name none, e.g. \"/\" or \"/item\".", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LoadPathWithQuery_Accepted()
    {
        var options = Valid();
        options.Environments[0].LoadPath = "/item?page=2";

        Assert.Empty(Problems(options));
    }

    [Fact]
    public void LoadPath_Default_IsTheRootAndTheLabsIsItsItemPage()
    {
        Assert.Equal("/", new EnvironmentOptions().LoadPath);
        Assert.Equal("/item", BlueGreen.Core.Lab.LabEnvironment.Build(new BlueGreenOptions()).LoadPath);
    }

    [Fact]
    public void Validate_DeployStepWithUnknownPlaceholder_NamesStepPath()
    {
        var options = Valid();
        options.Environments[0].Deployment.Steps.Add(new DeployStepOptions { Name = "x", Command = "deploy {versoin}" });
        options.Environments[0].Deployment.Steps.Add(new DeployStepOptions { Name = "y", Kind = DeployStepKind.Upload });

        var problems = Problems(options);

        Assert.Contains(problems, p => p.StartsWith("BlueGreen:Environments:0:Deployment:Steps:0:Command:", StringComparison.Ordinal) && p.Contains("versoin", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BlueGreen:Environments:0:Deployment:Steps:1: an Upload step needs Source", StringComparison.Ordinal));
    }
}
