using Microsoft.AspNetCore.Components;

namespace BlueGreen.Dashboard.Components.Controls;

/// <summary>
/// A text input for a value that is checked elsewhere: updated on every keystroke, showing <see cref="Problem"/> in
/// place of its helper text. Numbers are entered as text too, so a value that is not a number (or out of range) is
/// named rather than silently replaced, as a numeric field with a minimum would.
/// </summary>
public sealed partial class CheckedTextField : ComponentBase
{
    [Parameter]
    public string? Label { get; set; }

    [Parameter]
    public string Value { get; set; } = "";

    [Parameter]
    public EventCallback<string> ValueChanged { get; set; }

    /// <summary>What is wrong with the value, or null.</summary>
    [Parameter]
    public string? Problem { get; set; }

    /// <summary>Offers a numeric keyboard on touch devices.</summary>
    [Parameter]
    public bool Numeric { get; set; }

    [Parameter]
    public string? Placeholder { get; set; }

    [Parameter]
    public string? HelperText { get; set; }

    /// <summary>Dense in a table row.</summary>
    [Parameter]
    public MudBlazor.Margin Margin { get; set; } = MudBlazor.Margin.None;

    /// <summary>Other attributes (e.g. <c>data-testid</c>), passed to the input.</summary>
    [Parameter(CaptureUnmatchedValues = true)]
    public Dictionary<string, object>? Attributes { get; set; }
}
