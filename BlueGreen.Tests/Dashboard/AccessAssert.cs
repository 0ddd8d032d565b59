using BlueGreen.Core.Security;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BlueGreen.Tests.Dashboard;

/// <summary>What a gated action looks like to a user without its role.</summary>
internal static class AccessAssert
{
    /// <summary>
    /// Each element of <paramref name="testIds"/> is disabled, inside a <c>needs-role</c> wrapper, whose tooltip says
    /// "Needs the Operator role.".
    /// </summary>
    public static void Gated<T>(IRenderedComponent<T> page, params string[] testIds) where T : class, IComponent
    {
        var wrappers = page.FindComponents<MudTooltip>().Where(t => t.FindAll("[data-testid=needs-role]").Count > 0).ToList();
        foreach (var id in testIds)
        {
            var wrapper = Assert.Single(wrappers, t => t.FindAll($"[data-testid={id}]").Count > 0);
            Assert.True(wrapper.Find($"[data-testid={id}]").HasAttribute("disabled"), $"{id} is not disabled");
            Assert.Equal("Needs the Operator role.", wrapper.Instance.Text);
        }
    }

    /// <summary>Each element of <paramref name="testIds"/> is enabled, and nothing on the page says a role is needed.</summary>
    public static void Open<T>(IRenderedComponent<T> page, params string[] testIds) where T : class, IComponent
    {
        foreach (var id in testIds)
        {
            Assert.False(page.Find($"[data-testid={id}]").HasAttribute("disabled"), $"{id} is disabled");
        }
        Assert.Empty(page.FindAll("[data-testid=needs-role]"));
    }

    /// <summary>The one audit entry written: denied, for <paramref name="actor"/>'s <paramref name="action"/> on <paramref name="target"/>.</summary>
    public static void DeniedOnly(IServiceProvider services, string actor, string action, string? environment, string? target)
    {
        var entry = Assert.Single(services.GetRequiredService<AuditLog>().Query(new AuditQuery()));
        Assert.Equal((actor, action, AuditOutcome.Denied, environment, target), (entry.Actor, entry.Action, entry.Outcome, entry.Environment, entry.Target));
    }
}
