namespace BlueGreen.Core.Switching;

/// <summary>A switch stopped. <see cref="TrafficMoved"/> says whether the incoming servers took over before it stopped;
/// the message says what state the load balancers were left in.</summary>
public sealed class SwitchException(string message, bool trafficMoved, Exception? inner = null) : Exception(message, inner)
{
    public bool TrafficMoved { get; } = trafficMoved;
}
