using System.Net;
using System.Net.Sockets;

namespace BlueGreen.Tests.Infrastructure;

public static class PortRange
{
    /// <summary>The first of <paramref name="count"/> consecutive free loopback ports, probed one by one.</summary>
    public static int FindFree(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var start = Random.Shared.Next(20000, 60000);
            if (Enumerable.Range(start, count).All(IsFree))
            {
                return start;
            }
        }
        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
