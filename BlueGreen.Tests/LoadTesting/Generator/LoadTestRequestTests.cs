using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Http;

namespace BlueGreen.Tests.LoadTesting.Generator;

public sealed class LoadTestRequestTests
{
    [Fact]
    public void Validate_PaperLikeOpenRequest_HasNoProblems()
    {
        var request = new LoadTestRequest
        {
            Target = new Uri("http://127.0.0.1:8080/"),
            RatePerClient = 450,
            Clients = 2,
            RequestsPerClient = 2500,
            WarmUp = TimeSpan.FromSeconds(2),
            RampUp = TimeSpan.FromSeconds(5),
        };

        Assert.Empty(request.Validate());
    }

    [Fact]
    public void Validate_ManyMistakes_ReportsEveryOneWithFieldAndFix()
    {
        var request = new LoadTestRequest
        {
            Target = new Uri("/relative", UriKind.Relative),
            RatePerClient = 0,
            Clients = 0,
            Duration = TimeSpan.FromSeconds(10),
            RequestsPerClient = 100,
            WarmUp = TimeSpan.FromSeconds(1.5),
            Timeout = TimeSpan.Zero,
            InFlightCapPerClient = 0,
            Headers = new Dictionary<string, string> { ["Connection"] = "close", ["Content-Type"] = "text/plain", ["Bad Name"] = "x" },
        };

        var problems = request.Validate();

        var fields = problems.Select(p => p.Field).ToHashSet();
        Assert.Superset(
            new HashSet<string> { "Target", "RatePerClient", "Clients", "Duration/RequestsPerClient", "WarmUp", "Timeout", "InFlightCapPerClient", "Headers" },
            fields);
        Assert.Equal(3, problems.Count(p => p.Field == "Headers"));
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Fix)));
    }

    [Theory]
    [InlineData("caf\u00e9", false)]
    [InlineData("a\u0001b", false)]
    [InlineData("Bearer abc-123_=", true)]
    [InlineData("tab\tinside", true)]
    public void Validate_HeaderValue_PrintableAsciiOnly(string value, bool valid)
    {
        var request = new LoadTestRequest
        {
            Target = new Uri("http://127.0.0.1:8080/"),
            RatePerClient = 10,
            Duration = TimeSpan.FromSeconds(1),
            Headers = new Dictionary<string, string> { ["X-Test"] = value },
        };

        var problems = request.Validate().Where(p => p.Field == "Headers").ToList();

        Assert.Equal(valid, problems.Count == 0);
        Assert.All(problems, p => Assert.Contains("ASCII", p.Fix));
    }

    [Fact]
    public void Validate_ClosedLoopWithRate_FlagsRateAndMissingConnections()
    {
        var request = new LoadTestRequest
        {
            Target = new Uri("http://127.0.0.1:8080/"),
            Model = LoadModel.ClosedLoop,
            RatePerClient = 100,
            Duration = TimeSpan.FromSeconds(10),
        };

        var problems = request.Validate();

        Assert.Equal(["ConnectionsPerClient", "RatePerClient"], problems.Select(p => p.Field).Order().ToArray());
    }

    [Fact]
    public void Validate_RampLongerThanRun_IsAProblem()
    {
        var request = new LoadTestRequest
        {
            Target = new Uri("http://127.0.0.1:8080/"),
            RatePerClient = 10,
            Duration = TimeSpan.FromSeconds(5),
            RampUp = TimeSpan.FromSeconds(6),
        };

        Assert.Equal("RampUp", Assert.Single(request.Validate()).Field);
    }

    [Fact]
    public void Start_InvalidRequest_ThrowsWithAllProblems()
    {
        var generator = new LoadGenerator(TimeProvider.System, HttpSenderFactory.Create);
        var request = new LoadTestRequest { Target = new Uri("ftp://127.0.0.1/"), RatePerClient = -1 };

        var exception = Assert.Throws<ArgumentException>(() => generator.Start(request, TestContext.Current.CancellationToken));

        Assert.Contains("Target", exception.Message, StringComparison.Ordinal);
        Assert.Contains("RatePerClient", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Duration/RequestsPerClient", exception.Message, StringComparison.Ordinal);
    }
}
