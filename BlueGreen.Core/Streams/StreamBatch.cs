namespace BlueGreen.Core.Streams;

/// <summary>What a subscriber reads at once: the items published since its last batch, in order.</summary>
/// <param name="Items">The items, oldest first.</param>
/// <param name="Missed">True when items published after these did not fit in the subscriber's queue and were
/// dropped: re-read the snapshot (it holds these items' effects too).</param>
public sealed record StreamBatch<T>(IReadOnlyList<T> Items, bool Missed);
