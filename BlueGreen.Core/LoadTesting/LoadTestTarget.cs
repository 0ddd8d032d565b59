namespace BlueGreen.Core.LoadTesting;

/// <summary>What a load test hits: always a part of a configured environment, never an arbitrary URL.</summary>
public enum LoadTestTarget
{
    /// <summary>A load balancer's front end (the first one unless <see cref="LoadTestSpec.LoadBalancer"/> names one): what users hit.</summary>
    FrontEnd,

    /// <summary>One app server directly (<see cref="LoadTestSpec.Server"/>), bypassing the load balancer.</summary>
    Server,
}
