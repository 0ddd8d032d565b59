namespace BlueGreen.Core.Lab;

/// <summary>
/// An immutable round-robin order over the servers that take new requests, rebuilt whenever one of them changes
/// admin state, operational state or weight. Weights are spread with smooth weighted round robin (as nginx does),
/// so weights 2:1 give a, b, a, a, b, a rather than runs; equal weights give plain a, b, c. Picking is one
/// interlocked increment of a cursor the proxy keeps across rebuilds.
/// </summary>
internal sealed class EmbeddedProxyRotation
{
    public static readonly EmbeddedProxyRotation Empty = new([]);

    private readonly EmbeddedProxyBackendServer[] _sequence;

    private EmbeddedProxyRotation(EmbeddedProxyBackendServer[] sequence) => _sequence = sequence;

    public static EmbeddedProxyRotation Build(IEnumerable<EmbeddedProxyBackendServer> servers)
    {
        var routable = servers.Where(s => s.TakesNewRequests).ToArray();
        if (routable.Length == 0)
        {
            return Empty;
        }
        var divisor = routable.Aggregate(0, (g, s) => Gcd(g, s.Weight));
        var weights = routable.Select(s => s.Weight / divisor).ToArray();
        var total = weights.Sum();
        var current = new int[routable.Length];
        var sequence = new EmbeddedProxyBackendServer[total];
        for (var slot = 0; slot < total; slot++)
        {
            var best = 0;
            for (var i = 0; i < routable.Length; i++)
            {
                current[i] += weights[i];
                if (current[i] > current[best])
                {
                    best = i;
                }
            }
            current[best] -= total;
            sequence[slot] = routable[best];
        }
        return new EmbeddedProxyRotation(sequence);
    }

    /// <summary>The next server in turn that is not in <paramref name="exclude"/>; null when there is none.</summary>
    public EmbeddedProxyBackendServer? Next(ref int cursor, List<EmbeddedProxyBackendServer>? exclude = null)
    {
        var sequence = _sequence;
        if (sequence.Length == 0)
        {
            return null;
        }
        var start = (uint)Interlocked.Increment(ref cursor);
        for (var i = 0u; i < (uint)sequence.Length; i++)
        {
            var candidate = sequence[(start + i) % (uint)sequence.Length];
            if (exclude is null || !exclude.Contains(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
