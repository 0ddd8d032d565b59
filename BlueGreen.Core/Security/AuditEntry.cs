namespace BlueGreen.Core.Security;

/// <summary>Who did what: a person, a token, or the dashboard itself (an experiment's deployments).</summary>
public enum ActorKind
{
    User,
    Token,
    System,
}

/// <summary>How an action ended, as the caller was told.</summary>
public enum AuditOutcome
{
    /// <summary>Done (or started: a deployment's own outcome is in its record).</summary>
    Succeeded,
    /// <summary>Refused by the rules: invalid, or a conflict (the detail says why).</summary>
    Refused,
    /// <summary>The caller's role or token does not allow it.</summary>
    Denied,
    /// <summary>It failed while being done.</summary>
    Failed,
}

/// <summary>
/// One action in the audit trail, append-only: when, who (user name or <c>token:NAME</c>), from which address, what
/// (e.g. <c>deployment.start</c>), on which environment and object, and the outcome. Never a secret: a token's name,
/// not the token; a command's name, not its text. Immutable.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>Increasing with time; assigned when stored.</summary>
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string Actor { get; init; } = "";
    public ActorKind ActorKind { get; init; }
    public string? Address { get; init; }
    /// <summary>Dotted, e.g. <c>deployment.approve</c>, <c>loadtest.start</c>, <c>token.create</c>.</summary>
    public string Action { get; init; } = "";
    public string? Environment { get; init; }
    /// <summary>The object acted on (a deployment, load test or experiment id, a server, a token's name).</summary>
    public string? Target { get; init; }
    public AuditOutcome Outcome { get; init; }
    /// <summary>The HTTP status the caller got (or its page equivalent).</summary>
    public int Status { get; init; }
    public string? Detail { get; init; }
    /// <summary>Through the pages (<c>ui</c>) or the REST API (<c>api</c>).</summary>
    public string Channel { get; init; } = "";
}

/// <summary>What the Audit page filters on; every field optional.</summary>
public sealed record AuditQuery
{
    public string? Actor { get; init; }
    public string? Action { get; init; }
    public string? Environment { get; init; }
    public AuditOutcome? Outcome { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Limit { get; init; } = 500;
}
