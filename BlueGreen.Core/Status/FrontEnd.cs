namespace BlueGreen.Core.Status;

/// <summary>Where users (and load tests) reach an environment's service: one load balancer's front end.</summary>
/// <param name="LoadBalancer">The load balancer's name.</param>
/// <param name="Url">Its front-end URL, as configured.</param>
public sealed record FrontEnd(string LoadBalancer, string Url);
