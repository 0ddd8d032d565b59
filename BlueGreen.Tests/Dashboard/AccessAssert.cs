using Bunit;
using Microsoft.AspNetCore.Components;
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
}
