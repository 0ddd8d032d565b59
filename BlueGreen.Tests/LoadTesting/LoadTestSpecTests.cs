using BlueGreen.Core;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Generator;
using Microsoft.Extensions.Options;

namespace BlueGreen.Tests.LoadTesting;

public sealed class LoadTestSpecTests
{
    private static readonly Uri s_frontEnd = new("http://10.0.0.10:8080/");
    private static readonly LoadTestOptions s_limits = new();
    private static readonly EnvironmentCatalog s_catalog = new([LoadTestServiceHarness.Environment(s_frontEnd)]);

    private static LoadTestSpec Valid(double rate = 100, int clients = 2, double? seconds = 60, long? requests = null) => new()
    {
        Environment = "test",
        RatePerClient = rate,
        Clients = clients,
        Duration = seconds is { } s ? TimeSpan.FromSeconds(s) : null,
        RequestsPerClient = requests,
    };

    private static LoadTestProblem Single(LoadTestSpec spec, LoadTestOptions? limits = null)
        => Assert.Single(spec.Validate(limits ?? s_limits, s_catalog).Problems);

    [Fact]
    public void Validate_PaperLikeSpec_NoProblems()
    {
        var spec = new LoadTestSpec
        {
            Environment = "TEST",
            Path = "/api/items?page=2",
            RatePerClient = 450,
            Clients = 2,
            RequestsPerClient = 5000,
            RampUp = TimeSpan.FromSeconds(5),
            DeployAt = TimeSpan.FromSeconds(5),
            DeployVersion = "2.0.0",
        };

        Assert.Empty(spec.Validate(s_limits, s_catalog).Problems);
    }

    [Fact]
    public void Validate_RateAboveLimit_NamesTheFieldAndTheConfiguredLimit()
    {
        var problem = Single(Valid(rate: 50_000));

        Assert.Equal("RatePerClient", problem.Field);
        Assert.Equal("rate 50000/s exceeds BlueGreen:LoadTesting:MaxRatePerClient 20000.", problem.Problem);
        Assert.Contains("raise BlueGreen:LoadTesting:MaxRatePerClient", problem.Fix);
    }

    [Fact]
    public void Validate_LimitsFromConfiguration_AreTheOnesEnforced()
    {
        var limits = new LoadTestOptions { MaxRatePerClient = 50, MaxClients = 1 };

        var problems = Valid(rate: 100, clients: 2).Validate(limits, s_catalog).Problems;

        Assert.Equal(["RatePerClient", "Clients"], problems.Select(p => p.Field));
        Assert.Equal("2 clients exceed BlueGreen:LoadTesting:MaxClients 1.", problems[1].Problem);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    public void Validate_RateNotPositive_Rejected(double rate) => Assert.Equal("RatePerClient", Single(Valid(rate: rate)).Field);

    [Fact]
    public void Validate_DurationAboveMaxDuration_NamesTheLimit()
    {
        var problem = Single(Valid(seconds: 3600));

        Assert.Equal("Duration", problem.Field);
        Assert.Contains("exceeds BlueGreen:LoadTesting:MaxDuration 00:10:00", problem.Problem);
    }

    [Fact]
    public void Validate_CountThatRunsLongerThanMaxDuration_NamesRequestsPerClient()
    {
        var problem = Single(Valid(rate: 1, seconds: null, requests: 5000));

        Assert.Equal("RequestsPerClient", problem.Field);
        Assert.Contains("would run 5000 s", problem.Problem);
    }

    [Fact]
    public void Validate_CountAboveMaxRequests_NamesTheLimit()
    {
        var problem = Single(Valid(rate: 20_000, seconds: null, requests: 2_000_000));

        Assert.Equal("2000000 requests per client exceed BlueGreen:LoadTesting:MaxRequestsPerClient 1000000.", problem.Problem);
    }

    [Theory]
    [InlineData(null, null, "neither is set.")]
    [InlineData(60.0, 5000L, "both are set.")]
    public void Validate_LengthNotExactlyOne_Rejected(double? seconds, long? requests, string expected)
    {
        var problem = Single(Valid(seconds: seconds, requests: requests));

        Assert.Equal(("Duration/RequestsPerClient", expected), (problem.Field, problem.Problem));
    }

    [Theory]
    [InlineData("http://evil.example/")]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example")]
    [InlineData("api/items")]
    [InlineData("")]
    [InlineData("/a b")]
    [InlineData("/x#fragment")]
    public void Validate_PathThatIsNotAPathOnTheTarget_Rejected(string path)
    {
        var problem = Single(new LoadTestSpec { Environment = "test", Path = path, RatePerClient = 10, Duration = TimeSpan.FromSeconds(5) });

        Assert.Equal("Path", problem.Field);
    }

    [Fact]
    public void Validate_UrlInTheQuery_StaysOnTheTarget()
        => Assert.Equal(new Uri("http://10.0.0.10:8080/go?to=http://evil.example/"),
            new LoadTestSpec { Environment = "test", Path = "/go?to=http://evil.example/", RatePerClient = 10, Duration = TimeSpan.FromSeconds(5) }.Validate(s_limits, s_catalog).Request?.Target);

    [Fact]
    public void Validate_UnknownEnvironment_ListsTheKnownOnes()
    {
        var problem = Single(new LoadTestSpec { Environment = "prod", RatePerClient = 10, Duration = TimeSpan.FromSeconds(5) });

        Assert.Equal(("Environment", "Use one of: test."), (problem.Field, problem.Fix));
    }

    [Fact]
    public void Validate_ServerTarget_HitsTheServerDirectly()
    {
        var spec = new LoadTestSpec { Environment = "test", Target = LoadTestTarget.Server, Server = "C1", Path = "/health", RatePerClient = 10, Duration = TimeSpan.FromSeconds(5) };

        var validation = spec.Validate(s_limits, s_catalog);

        Assert.Empty(validation.Problems);
        Assert.Equal(new Uri("http://10.0.0.10:8080/health"), validation.Request!.Target);
    }

    [Fact]
    public void Validate_FrontEnd_KeepsTheFrontEndsHostAndTakesThePath()
    {
        var spec = new LoadTestSpec { Environment = "test", Path = "/a/b?c=1", RatePerClient = 10, Duration = TimeSpan.FromSeconds(5) };

        var validation = spec.Validate(s_limits, s_catalog);

        Assert.Empty(validation.Problems);
        Assert.Equal("http://10.0.0.10:8080/a/b?c=1", validation.Request!.Target.ToString());
    }

    [Fact]
    public void Validate_UnknownServerOrLoadBalancer_ListsTheKnownOnes()
    {
        var server = Single(new LoadTestSpec { Environment = "test", Target = LoadTestTarget.Server, Server = "z9", RatePerClient = 10, Duration = TimeSpan.FromSeconds(5) });
        var balancer = Single(new LoadTestSpec { Environment = "test", LoadBalancer = "lb9", RatePerClient = 10, Duration = TimeSpan.FromSeconds(5) });

        Assert.Equal(("Server", "Use one of: a1, c1."), (server.Field, server.Fix));
        Assert.Equal(("LoadBalancer", "Use one of: lb1; or target a Server."), (balancer.Field, balancer.Fix));
    }

    [Fact]
    public void Validate_DeployAtAfterTheEnd_Rejected()
    {
        var spec = new LoadTestSpec { Environment = "test", RatePerClient = 10, Duration = TimeSpan.FromSeconds(30), DeployAt = TimeSpan.FromSeconds(30), DeployVersion = "2.0.0" };

        var problem = Single(spec);

        Assert.Equal("DeployAt", problem.Field);
        Assert.Contains("is not before the end of the test (30 s)", problem.Problem);
    }

    [Fact]
    public void Validate_DeploymentHalfDescribed_NamesTheMissingHalf()
    {
        var noVersion = Single(new LoadTestSpec { Environment = "test", RatePerClient = 10, Duration = TimeSpan.FromSeconds(30), DeployAt = TimeSpan.FromSeconds(5) });
        var noTime = Single(new LoadTestSpec { Environment = "test", RatePerClient = 10, Duration = TimeSpan.FromSeconds(30), DeployVersion = "2.0.0" });
        var badVersion = Single(new LoadTestSpec { Environment = "test", RatePerClient = 10, Duration = TimeSpan.FromSeconds(30), DeployAt = TimeSpan.FromSeconds(5), DeployVersion = "2.0; rm -rf /" });

        Assert.Equal("DeployVersion", noVersion.Field);
        Assert.Equal("DeployAt", noTime.Field);
        Assert.Equal("DeployVersion", badVersion.Field);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneAtOnce()
    {
        var spec = new LoadTestSpec
        {
            Environment = "nope",
            RatePerClient = -1,
            Clients = 0,
            RampUp = TimeSpan.FromSeconds(-1),
            WarmUp = TimeSpan.FromSeconds(1.5),
            Timeout = TimeSpan.Zero,
            Method = "TRACE",
        };

        var fields = spec.Validate(s_limits, s_catalog).Problems.Select(p => p.Field).ToList();

        Assert.Equal(["Environment", "RatePerClient", "Clients", "Duration/RequestsPerClient", "RampUp", "WarmUp", "Timeout", "Method"], fields);
    }

    [Fact]
    public void Validate_NoPath_SendsToTheEnvironmentsLoadPathAndKeepsIt()
    {
        var environment = LoadTestServiceHarness.Environment(s_frontEnd);
        environment.LoadPath = "/item?page=1";
        var catalog = new EnvironmentCatalog([environment]);

        var validation = Valid().Validate(s_limits, catalog);

        Assert.True(validation.IsValid, string.Join(" | ", validation.Problems));
        Assert.Equal("/item?page=1", validation.Spec.Path);
        Assert.Equal(new Uri("http://10.0.0.10:8080/item?page=1"), validation.Request.Target);
    }

    [Fact]
    public void Validate_ValidSpec_YieldsTheSpecAsItRunsAndTheGeneratorsRequest()
    {
        var spec = new LoadTestSpec
        {
            Environment = "TEST",
            Path = "/x",
            RatePerClient = 250,
            Clients = 3,
            Duration = TimeSpan.FromSeconds(30),
            RampUp = TimeSpan.FromSeconds(4),
            WarmUp = TimeSpan.FromSeconds(2),
            Timeout = TimeSpan.FromSeconds(1.5),
            KeepAlive = false,
            Method = "HEAD",
        };

        var validation = spec.Validate(s_limits, s_catalog);

        Assert.True(validation.IsValid);
        Assert.Equal(spec with { Environment = "test" }, validation.Spec);
        var request = validation.Request;
        Assert.Equal(
            (new Uri("http://10.0.0.10:8080/x"), 250.0, 3, (TimeSpan?)TimeSpan.FromSeconds(30), (long?)null, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1.5), false, HttpMethod.Head),
            (request.Target, request.RatePerClient, request.Clients, request.Duration, request.RequestsPerClient, request.RampUp, request.WarmUp, request.Timeout, request.KeepAlive, request.Method));
        Assert.Empty(request.Validate());
        Assert.Equal(32, validation.PlannedSeconds, 3);
    }

    [Fact]
    public void Validate_WithProblems_YieldsNothingToRun()
    {
        var validation = Valid(rate: 0).Validate(s_limits, s_catalog);

        Assert.False(validation.IsValid);
        Assert.Null(validation.Spec);
        Assert.Null(validation.Request);
    }

    [Fact]
    public void Validate_TimesTooLargeForATimeSpan_NamedWithoutOverflowing()
    {
        var spec = Valid(seconds: 5) with { WarmUp = LoadTestSpec.FromSeconds(1e300), RampUp = TimeSpan.FromSeconds(5), DeployAt = LoadTestSpec.FromSeconds(-1e300), DeployVersion = "2.0.0" };

        var fields = spec.Validate(s_limits, s_catalog).Problems.Select(p => p.Field).ToList();

        // The warm-up is named, and so is the length it makes; the deploy-at second is named as negative.
        Assert.Equal(["WarmUp", "Duration", "DeployAt"], fields);
    }

    [Theory]
    [InlineData(2.5, 25_000_000L)]
    [InlineData(-1, -10_000_000L)]
    [InlineData(1e300, long.MaxValue)]
    [InlineData(double.PositiveInfinity, long.MaxValue)]
    [InlineData(double.NaN, long.MaxValue)]
    [InlineData(-1e300, long.MinValue)]
    public void FromSeconds_OutOfRange_Saturates(double seconds, long ticks)
        => Assert.Equal(ticks, LoadTestSpec.FromSeconds(seconds).Ticks);

    [Theory]
    [InlineData(100, 5000, 0, 50)]
    [InlineData(100, 100, 2, 2)]
    public void PlannedSeconds_ByCount_FollowsTheRateAndTheRamp(double rate, long requests, double rampUp, double expected)
    {
        var spec = new LoadTestSpec { Environment = "test", RatePerClient = rate, RequestsPerClient = requests, RampUp = TimeSpan.FromSeconds(rampUp) };

        Assert.Equal(expected, spec.Validate(s_limits, s_catalog).PlannedSeconds, 3);
    }
}
