using AngleSharp.Dom;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Components.Pages.Admin;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace BlueGreen.Tests.Dashboard.Pages.Admin;

/// <summary>
/// The Audit page on the real audit trail, its clock fake so entries fall on known days: alice succeeded on 1 March,
/// bob was denied on 2 March, alice failed and carol was refused on 3 March (2025, UTC).
/// </summary>
public sealed class AdminAuditPageTests : AdminPageTestContext
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));

    public AdminAuditPageTests()
    {
        Services.AddSingleton<TimeProvider>(_time);
    }

    private void Seed()
    {
        Audit.Append(new AuditEntry { Actor = "alice", Action = "deployment.start", Environment = "prod", Target = "d1", Outcome = AuditOutcome.Succeeded, Status = 200, Channel = "page" });
        _time.Advance(TimeSpan.FromDays(1));
        Audit.Append(new AuditEntry { Actor = "bob", Action = "token.create", Target = "ci", Outcome = AuditOutcome.Denied, Status = 403, Detail = "Needs the Admin role.", Channel = "page" });
        _time.Advance(TimeSpan.FromDays(1));
        Audit.Append(new AuditEntry { Actor = "alice", Action = "loadtest.start", Environment = "lab", Outcome = AuditOutcome.Failed, Status = 500, Channel = "api" });
        _time.Advance(TimeSpan.FromMinutes(5));
        Audit.Append(new AuditEntry { Actor = "carol", Action = "deployment.approve", Environment = "prod", Target = "d1", Outcome = AuditOutcome.Refused, Status = 409, Channel = "api" });
    }

    private static IReadOnlyList<string> Column(IRenderedComponent<AdminAudit> page, string testId)
        => [.. page.FindAll($"[data-testid=audit-table] tbody [data-testid={testId}]").Select(c => c.TextContent.Trim())];

    private static IElement Chip(IRenderedComponent<AdminAudit> page, AuditOutcome outcome) => page.Find($"[data-testid=audit-outcome][data-outcome={outcome}]");

    private static string CsvHref(IRenderedComponent<AdminAudit> page) => page.Find("[data-testid=audit-csv]").GetAttribute("href")!;

    [Fact]
    public void Open_EveryEntryNewestFirstWithOutcomeChips()
    {
        Seed();

        var page = Open<AdminAudit>();

        Assert.Equal(["carol", "alice", "bob", "alice"], Column(page, "audit-actor"));
        Assert.Equal(["deployment.approve", "loadtest.start", "token.create", "deployment.start"], Column(page, "audit-action"));
        Assert.Equal("Needs the Admin role.", Column(page, "audit-detail")[2]);
        Assert.Contains("mud-chip-color-error", Chip(page, AuditOutcome.Denied).ClassName, StringComparison.Ordinal);
        Assert.Contains("mud-chip-filled", Chip(page, AuditOutcome.Denied).ClassName, StringComparison.Ordinal);
        Assert.Contains("mud-chip-color-warning", Chip(page, AuditOutcome.Refused).ClassName, StringComparison.Ordinal);
        Assert.Contains("mud-chip-color-error", Chip(page, AuditOutcome.Failed).ClassName, StringComparison.Ordinal);
        Assert.Contains("mud-chip-outlined", Chip(page, AuditOutcome.Failed).ClassName, StringComparison.Ordinal);
        Assert.Contains("mud-chip-color-success", Chip(page, AuditOutcome.Succeeded).ClassName, StringComparison.Ordinal);
        Assert.Equal("api/audit.csv?limit=500", CsvHref(page));
        Assert.True(page.Find("[data-testid=audit-csv]").HasAttribute("download"));
    }

    [Fact]
    public void FilterByActor_OnlyTheirEntriesAndTheCsvLinkAsksForThem()
    {
        Seed();
        var page = Open<AdminAudit>();

        page.Find("input[data-testid=filter-actor]").Change("alice");

        Assert.Equal(["alice", "alice"], Column(page, "audit-actor"));
        Assert.Equal(["loadtest.start", "deployment.start"], Column(page, "audit-action"));
        Assert.Equal("api/audit.csv?actor=alice&limit=500", CsvHref(page));
    }

    [Fact]
    public void FilterByOutcome_OnlyThoseEntries()
    {
        Seed();
        var page = Open<AdminAudit>();

        page.InvokeAsync(() => page.FindComponent<MudSelect<AuditOutcome?>>().Instance.SelectOption(AuditOutcome.Denied));

        page.WaitForAssertion(() => Assert.Equal(["bob"], Column(page, "audit-actor")), Patience);
        Assert.Equal("api/audit.csv?outcome=Denied&limit=500", CsvHref(page));
    }

    [Fact]
    public void FilterByActionPrefixAndDays_OnlyThoseEntries()
    {
        Seed();
        var page = Open<AdminAudit>();

        page.Find("input[data-testid=filter-action]").Change("deployment.");
        Assert.Equal(["carol", "alice"], Column(page, "audit-actor"));

        page.Find("input[data-testid=filter-from]").Change("2025-03-02");
        page.Find("input[data-testid=filter-to]").Change("2025-03-03");

        Assert.Equal(["carol"], Column(page, "audit-actor"));
        Assert.Equal("api/audit.csv?action=deployment.&from=2025-03-02&to=2025-03-03&limit=500", CsvHref(page));
    }

    [Fact]
    public void BadLimit_SaysWhichFieldAndShowsNothing()
    {
        Seed();
        var page = Open<AdminAudit>();

        page.Find("input[data-testid=filter-limit]").Change("0");

        Assert.StartsWith("limit: '0' is not a whole number from 1 to 100000", page.Find("[data-testid=audit-problem]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(Column(page, "audit-actor"));
    }

    [Fact]
    public void Limit_KeepsTheNewest()
    {
        Seed();
        var page = Open<AdminAudit>();

        page.Find("input[data-testid=filter-limit]").Change("2");

        Assert.Equal(["carol", "alice"], Column(page, "audit-actor"));
    }

    [Fact]
    public void Operator_SeesNoEntries()
    {
        Seed();
        Authorization.SetRoles(nameof(Role.Operator));

        var page = Open<AdminAudit>();

        Assert.Equal("Needs the Admin role.", page.Find("[data-testid=audit-problem]").TextContent.Trim());
        Assert.Empty(Column(page, "audit-actor"));
    }
}
