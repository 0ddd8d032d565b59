using System.Text;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BlueGreen.Tests.Dashboard.Pages.Admin;

/// <summary>The audit API's filters as typed (<see cref="AuditFilter"/>) and its answers, on the real audit trail.</summary>
public sealed class AuditApiTests : AdminPageTestContext
{
    private static readonly DateTimeOffset s_start = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(s_start);

    public AuditApiTests()
    {
        Services.AddSingleton<TimeProvider>(_time);
    }

    private static (string? Field, string? Problem) Refusal(AuditFilter filter)
    {
        Assert.False(filter.TryParse(out _, out var field, out var problem));
        return (field, problem);
    }

    [Fact]
    public void TryParse_Nothing_TheDefaultQuery()
    {
        Assert.True(new AuditFilter().TryParse(out var query, out var field, out var problem));

        Assert.Equal(new AuditQuery { Limit = 500 }, query);
        Assert.Null(field);
        Assert.Null(problem);
    }

    [Fact]
    public void TryParse_EveryField()
    {
        Assert.True(new AuditFilter(" alice ", "deployment.", "prod", "denied", "2025-03-01", "2025-03-02", "20").TryParse(out var query, out _, out _));

        Assert.Equal("alice", query.Actor);
        Assert.Equal("deployment.", query.Action);
        Assert.Equal("prod", query.Environment);
        Assert.Equal(AuditOutcome.Denied, query.Outcome);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), query.From);
        // A date alone as 'to' is the whole of that day.
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 0, 0, 0, TimeSpan.Zero).AddTicks(-1), query.To);
        Assert.Equal(20, query.Limit);
    }

    [Fact]
    public void TryParse_TimesWithAndWithoutOffset_AreUtc()
    {
        Assert.True(new AuditFilter(From: "2025-03-01T12:30:00+02:00", To: "2025-03-01T12:30").TryParse(out var query, out _, out _));

        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 30, 0, TimeSpan.Zero), query.From);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 12, 30, 0, TimeSpan.Zero), query.To);
        Assert.Equal(TimeSpan.Zero, query.To!.Value.Offset);
    }

    [Theory]
    [InlineData("outcome", "nope", "outcome: 'nope' is not an outcome; give one of Succeeded, Refused, Denied, Failed.")]
    [InlineData("outcome", "2", "outcome: '2' is not an outcome")]
    [InlineData("from", "2025-13-01", "from: '2025-13-01' is not a date")]
    [InlineData("to", "yesterday", "to: 'yesterday' is not a date")]
    [InlineData("limit", "0", "limit: '0' is not a whole number from 1 to 100000")]
    [InlineData("limit", "100001", "limit: '100001' is not a whole number from 1 to 100000")]
    [InlineData("limit", "-1", "limit: '-1' is not a whole number")]
    [InlineData("limit", "many", "limit: 'many' is not a whole number")]
    public void TryParse_BadValue_NamesTheField(string field, string value, string expected)
    {
        var filter = field switch
        {
            "outcome" => new AuditFilter(Outcome: value),
            "from" => new AuditFilter(From: value),
            "to" => new AuditFilter(To: value),
            _ => new AuditFilter(Limit: value),
        };

        var (named, problem) = Refusal(filter);

        Assert.Equal(field, named);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ToBeforeFrom_NamesTo()
        => Assert.Equal("to", Refusal(new AuditFilter(From: "2025-03-02", To: "2025-03-01")).Field);

    [Fact]
    public void QueryString_OnlyTheFieldsSetEscaped()
    {
        Assert.Equal("", new AuditFilter(" ", "").QueryString());
        Assert.Equal("?actor=token%3Aci%20job&outcome=Denied&to=2025-03-01", new AuditFilter("token:ci job", Outcome: "Denied", To: "2025-03-01").QueryString());
    }

    [Fact]
    public void FileName_UtcToTheMinute()
        => Assert.Equal("audit-20250301-0830.csv", AuditApi.FileName(new DateTimeOffset(2025, 3, 1, 9, 30, 59, TimeSpan.FromHours(1))));

    [Fact]
    public void Json_FilteredEntriesNewestFirst()
    {
        Audit.Append(new AuditEntry { Actor = "alice", Action = "deployment.start", Outcome = AuditOutcome.Succeeded });
        Audit.Append(new AuditEntry { Actor = "bob", Action = "token.create", Outcome = AuditOutcome.Denied });
        Audit.Append(new AuditEntry { Actor = "alice", Action = "deployment.abort", Outcome = AuditOutcome.Succeeded });

        var result = Assert.IsType<Ok<IReadOnlyList<AuditEntry>>>(AuditApi.Json(new AuditFilter(Actor: "alice"), Audit));

        Assert.Equal(["deployment.abort", "deployment.start"], result.Value!.Select(e => e.Action));
    }

    [Fact]
    public void Csv_TheFilteredEntriesAsADownload()
    {
        Audit.Append(new AuditEntry { Actor = "alice", Action = "deployment.start", Outcome = AuditOutcome.Succeeded, Channel = "page" });
        Audit.Append(new AuditEntry { Actor = "bob", Action = "token.create", Target = "ci", Outcome = AuditOutcome.Denied, Status = 403, Channel = "api" });

        var file = Assert.IsType<FileContentHttpResult>(AuditApi.Csv(new AuditFilter(Outcome: "Denied"), Audit, s_start));

        Assert.Equal("text/csv; charset=utf-8", file.ContentType);
        Assert.Equal("audit-20250301-1000.csv", file.FileDownloadName);
        var lines = Encoding.UTF8.GetString(file.FileContents.Span).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,at_utc,actor,actor_kind,address,channel,action,environment,target,outcome,status,detail", lines[0]);
        Assert.Equal("2,2025-03-01T10:00:00.000Z,bob,User,,api,token.create,,ci,Denied,403,", Assert.Single(lines[1..]));
    }

    [Fact]
    public void JsonAndCsv_BadValue_400ProblemNamingTheField()
    {
        foreach (var result in new[] { AuditApi.Json(new AuditFilter(Limit: "0"), Audit), AuditApi.Csv(new AuditFilter(Limit: "0"), Audit, s_start) })
        {
            var problem = Assert.IsType<ProblemHttpResult>(result);
            Assert.Equal(400, problem.StatusCode);
            Assert.Equal("limit", problem.ProblemDetails.Extensions["field"]);
            Assert.StartsWith("limit: '0'", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        }
    }
}
