using System.Collections.Concurrent;

namespace BlueGreen.Core.Switching;

/// <summary>
/// One lock per environment over its servers' admin states, shared by the deployment engine and
/// <see cref="ServerControl"/>. A deployment (or a manual rollback) <see cref="Claim"/>s its environment for its
/// whole run; a manual READY / DRAIN / MAINT runs its read, check and set inside <see cref="RunExclusiveAsync"/>,
/// after any other such change and never while the environment is claimed. So two drains of the last two ready
/// servers cannot both pass the never-zero check, and a deployment cannot start between a change's check and its set.
/// Singleton; thread-safe.
/// </summary>
public sealed class EnvironmentLocks
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Who holds <paramref name="environment"/> now, or null.</summary>
    public EnvironmentOwner? OwnerOf(string environment) => EntryOf(environment).Owner;

    /// <summary>
    /// Claims <paramref name="environment"/> for <paramref name="owner"/> until the claim is disposed. Waits up to
    /// <paramref name="wait"/> for a manual change in progress to finish.
    /// </summary>
    /// <exception cref="EnvironmentBusyException">Someone else holds it, or the manual change did not finish in time.</exception>
    public EnvironmentClaim Claim(string environment, EnvironmentOwner owner, TimeSpan wait)
    {
        var entry = EntryOf(environment);
        if (!entry.Gate.Wait(wait))
        {
            throw Busy(environment, entry.Owner);
        }
        try
        {
            return entry.TakeFor(environment, owner) ?? throw Busy(environment, entry.Owner);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>As <see cref="Claim"/>, waiting asynchronously.</summary>
    public async Task<EnvironmentClaim> ClaimAsync(string environment, EnvironmentOwner owner, TimeSpan wait, CancellationToken cancellationToken)
    {
        var entry = EntryOf(environment);
        if (!await entry.Gate.WaitAsync(wait, cancellationToken).ConfigureAwait(false))
        {
            throw Busy(environment, entry.Owner);
        }
        try
        {
            return entry.TakeFor(environment, owner) ?? throw Busy(environment, entry.Owner);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>
    /// Runs a short read-check-set on <paramref name="environment"/>'s servers, after any other such change.
    /// </summary>
    /// <exception cref="EnvironmentBusyException">The environment is claimed (a deployment runs on it).</exception>
    public async Task<T> RunExclusiveAsync<T>(string environment, Func<CancellationToken, Task<T>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var entry = EntryOf(environment);
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Owner is { } owner)
            {
                throw Busy(environment, owner);
            }
            return await change(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private Entry EntryOf(string environment) => _entries.GetOrAdd(environment, _ => new Entry());

    private static EnvironmentBusyException Busy(string environment, EnvironmentOwner? owner) => owner is null
        ? new EnvironmentBusyException(environment, null, $"A manual server change is in progress on {environment}; try again in a moment.")
        : new EnvironmentBusyException(environment, owner, $"{Capitalized(owner.Description)} is running on {environment} and controls its servers; wait for it to end, or abort it first.");

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>
    /// Gate: serialises manual changes and claims (held only for a few load-balancer commands). Owner: the long-lived
    /// claim, read and written under its own lock so a claim can end without waiting for the gate.
    /// </summary>
    private sealed class Entry
    {
        private readonly Lock _ownerLock = new();
        private EnvironmentOwner? _owner;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public EnvironmentOwner? Owner
        {
            get
            {
                lock (_ownerLock)
                {
                    return _owner;
                }
            }
        }

        /// <summary>Takes the claim (call holding the gate); null when someone holds it.</summary>
        public EnvironmentClaim? TakeFor(string environment, EnvironmentOwner owner)
        {
            lock (_ownerLock)
            {
                if (_owner is not null)
                {
                    return null;
                }
                _owner = owner;
            }
            return new EnvironmentClaim(environment, owner, () =>
            {
                lock (_ownerLock)
                {
                    if (ReferenceEquals(_owner, owner))
                    {
                        _owner = null;
                    }
                }
            });
        }
    }
}
