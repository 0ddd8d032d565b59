namespace BlueGreen.Core.LoadBalancing;

/// <summary>A load balancer could not be reached or refused a command. The message says which and what to do.</summary>
public class LoadBalancerException : Exception
{
    public LoadBalancerException(string message, Exception? inner = null) : base(message, inner) { }
}
