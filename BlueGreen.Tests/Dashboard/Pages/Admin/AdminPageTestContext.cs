using BlueGreen.Core.Security;
using BlueGreen.Tests.Status;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BlueGreen.Tests.Dashboard.Pages.Admin;

/// <summary>
/// The Admin pages' tests: the providers their dialogs, selects and toasts need, saying yes to a confirmation, and
/// the audit trail they write to (the real one, in the context's temp database).
/// </summary>
public abstract class AdminPageTestContext : DashboardTestContext
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private IRenderedComponent<IComponent>? _providers;

    protected AdminPageTestContext() : base(StatusTestData.FourSites())
    {
    }

    protected AuditLog Audit => Services.GetRequiredService<AuditLog>();

    /// <summary>Dialogs, popovers and toasts, rendered once beside the page.</summary>
    protected IRenderedComponent<IComponent> Providers => _providers ??= Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
    });

    /// <summary>Renders the page after the providers.</summary>
    protected IRenderedComponent<TPage> Open<TPage>() where TPage : IComponent
    {
        _ = Providers;
        return Render<TPage>();
    }

    /// <summary>Waits for the confirmation asking <paramref name="question"/> and clicks <paramref name="yes"/>.</summary>
    protected void Confirm(string question, string yes)
    {
        Providers.WaitForAssertion(() => Assert.Contains(question, Providers.Markup, StringComparison.Ordinal), Patience);
        Providers.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == yes).Click();
    }

    /// <summary>Waits until a toast says <paramref name="text"/>.</summary>
    protected void ToastSays(string text)
        => Providers.WaitForAssertion(() => Assert.Contains(text, Providers.Markup, StringComparison.Ordinal), Patience);

    /// <summary>The audit entries of <paramref name="action"/>, newest first.</summary>
    protected IReadOnlyList<AuditEntry> Entries(string action) => [.. Audit.Query(new AuditQuery { Action = action }).Where(e => e.Action == action)];
}
