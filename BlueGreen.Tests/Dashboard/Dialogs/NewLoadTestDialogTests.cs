using AngleSharp.Dom;
using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.Storage;
using BlueGreen.Dashboard.Components.Dialogs;
using BlueGreen.Tests.Dashboard;
using BlueGreen.Tests.Infrastructure;
using BlueGreen.Tests.LoadTesting;
using BlueGreen.Tests.LoadTesting.Generator;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BlueGreen.Tests.Dashboard.Dialogs;

/// <summary>
/// The New load test dialog on the real <see cref="LoadTestService"/> (the context's core services, LiteDB in a temp
/// folder; a generator whose requests a fake answers at once) for environment <c>test</c>, whose load path is <c>/item</c>: a value the spec's
/// validation refuses keeps Start disabled and is named on its field, as typed; a valid form starts the test.
/// </summary>
public sealed class NewLoadTestDialogTests : DashboardTestContext, IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> _host = null!;
    private IDialogReference _dialog = null!;

    public NewLoadTestDialogTests()
        : base(TestEnvironment())
    {
        // The real service (and store, engine) from the context; only the requests are answered by a fake, at once.
        Services.AddSingleton(new LoadGenerator(TimeProvider.System, (_, _) => new FakeRequestSender(static (_, _) => Task.FromResult(RequestOutcome.FromStatus(200, 100)))));
    }

    private LoadTestService Service => Services.GetRequiredService<LoadTestService>();

    private IElement StartButton => _host.Find("[data-testid=start-loadtest]");

    public async ValueTask InitializeAsync()
    {
        _host = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
        });
        var dialogs = Services.GetRequiredService<IDialogService>();
        _dialog = await _host.InvokeAsync(() => dialogs.ShowAsync<NewLoadTestDialog>("New load test")).WaitAsync(s_patience, Xunit.TestContext.Current.CancellationToken);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await Service.StopAsync(CancellationToken.None).WaitAsync(s_patience);
        await base.DisposeAsync();
    }

    [Theory]
    [InlineData("rate-input", "0", "must be above 0 requests/s (was 0).")]
    [InlineData("rate-input", "abc", "'abc' is not a number, e.g. 2.5.")]
    [InlineData("rate-input", "", "Enter a number, e.g. 2.5.")]
    [InlineData("clients-input", "0", "must be at least 1 (was 0).")]
    [InlineData("clients-input", "1.5", "'1.5' is not a whole number.")]
    [InlineData("duration-input", "0.5", "must be at least 1 s (was 0.5 s).")]
    [InlineData("ramp-up-input", "-1", "must not be negative (was -1 s).")]
    [InlineData("timeout-input", "0", "must be above 0 and at most 10 min (was 0 s).")]
    [InlineData("deploy-at-input", "-5", "must not be negative (was -5 s).")]
    [InlineData("deploy-at-input", "70", "70 s is not before the end of the test (60 s)")]
    [InlineData("path-input", "item", "'item' must start with '/'")]
    public void Type_ValueTheSpecRefuses_StartDisabledAndTheFieldSaysWhyAsTyped(string field, string typed, string expected)
    {
        Assert.False(StartButton.HasAttribute("disabled"), "the form starts valid");

        Type(field, typed);

        Assert.True(StartButton.HasAttribute("disabled"));
        Assert.Contains(expected, ProblemOf(field), StringComparison.Ordinal);
        // Kept as typed: never clamped to a minimum or replaced by the last valid value.
        Assert.Equal(typed, Input(field).GetAttribute("value") ?? "");
    }

    [Fact]
    public void Type_RateFixedAgain_StartEnabledAndNoProblemShown()
    {
        Type("rate-input", "0");

        Type("rate-input", "100");

        Assert.False(StartButton.HasAttribute("disabled"));
        Assert.Null(ProblemOf("rate-input"));
    }

    [Fact]
    public void Type_NeitherDurationNorRequests_BothFieldsSayWhy()
    {
        Type("duration-input", "");

        Assert.True(StartButton.HasAttribute("disabled"));
        Assert.Contains("neither is set.", ProblemOf("duration-input"), StringComparison.Ordinal);
        Assert.Contains("neither is set.", ProblemOf("requests-input"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ValidFormWithoutPath_StartsTheTestOnTheEnvironmentsLoadPath()
    {
        Type("duration-input", "2");
        Type("deploy-at-input", "");

        await StartButton.ClickAsync(new());
        var result = await _dialog.Result.WaitAsync(s_patience, Xunit.TestContext.Current.CancellationToken);

        var record = Service.Get(Assert.IsType<string>(result!.Data))!;
        Assert.Equal("/item", record.Settings.Path);
        Assert.Equal("http://127.0.0.1:9/item", record.Url);
        Assert.Equal((300.0, 2, TimeSpan.FromSeconds(2), (TimeSpan?)null, "test-admin"),
            (record.Settings.RatePerClient, record.Settings.Clients, record.Settings.Duration!.Value, record.Settings.DeployAt, record.RequestedBy));
    }

    [Fact]
    public void Criteria_PresetFillsItsDefaults_EachEditableAndRemovable()
    {
        Assert.Equal(LoadTestPreset.DeploymentCriteria, Criteria());

        _host.Find("[data-testid=preset-paper000]").Click();
        Assert.Equal(LoadTestPreset.SteadyCriteria, Criteria());

        _host.Find("[data-testid=criterion-remove-0]").Click();
        Assert.Equal(LoadTestPreset.SteadyCriteria.Skip(1), Criteria());
        Assert.False(StartButton.HasAttribute("disabled"));
    }

    [Fact]
    public void Criteria_UnreadableOrAddedEmpty_NamedOnItsFieldAndStartDisabled()
    {
        Type("criterion-input-1", "p99 during <= 3 x mean before");

        Assert.True(StartButton.HasAttribute("disabled"));
        Assert.Contains("a relative threshold compares the same metric", ProblemOf("criterion-input-1"), StringComparison.Ordinal);
        Assert.Equal("p99 during <= 3 x mean before", Input("criterion-input-1").GetAttribute("value"));
        Assert.Null(ProblemOf("criterion-input-0"));

        Type("criterion-input-1", "p99 during <= 3 x p99 before");
        _host.Find("[data-testid=criterion-add]").Click();

        Assert.True(StartButton.HasAttribute("disabled"));
        Assert.Contains("is empty.", ProblemOf($"criterion-input-{LoadTestPreset.DeploymentCriteria.Count}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithCriteria_StoredWithTheTestInTheirNormalForm()
    {
        Type("duration-input", "2");
        Type("deploy-at-input", "");
        _host.Find("[data-testid=preset-paper000]").Click();
        Type("duration-input", "2");
        Type("requests-input", "");
        Type("criterion-input-1", "P99<=2000ms");

        await StartButton.ClickAsync(new());
        var result = await _dialog.Result.WaitAsync(s_patience, Xunit.TestContext.Current.CancellationToken);

        var record = Service.Get(Assert.IsType<string>(result!.Data))!;
        Assert.Equal(["loss <= 0 %", "p99 <= 2000 ms"], record.Settings.Criteria);
    }

    private List<string> Criteria() => [.. _host.FindAll("input[data-testid^=criterion-input-]").Select(i => i.GetAttribute("value") ?? "")];

    /// <summary>Environment <c>test</c>, whose front end nothing listens on (the generator's sender is a fake).</summary>
    private static EnvironmentOptions TestEnvironment()
    {
        var environment = LoadTestServiceHarness.Environment(new Uri("http://127.0.0.1:9/"));
        environment.LoadPath = "/item";
        return environment;
    }

    private IElement Input(string field) => _host.Find($"input[data-testid={field}]");

    private void Type(string field, string text) => Input(field).Input(text);

    /// <summary>The problem shown on the field, or null when it shows none.</summary>
    private string? ProblemOf(string field)
    {
        var control = Input(field).Closest(".mud-input-control")!;
        return control.ClassList.Contains("mud-input-error") ? control.QuerySelector(".mud-input-helper-text")?.TextContent : null;
    }
}
