namespace BlueGreen.Core.LoadTesting;

/// <summary>Why <see cref="LoadTestService"/> refused an action; maps to an HTTP status in the API.</summary>
public enum LoadTestRejection
{
    /// <summary>The spec has problems (400); see <see cref="LoadTestRejectedException.Problems"/>.</summary>
    Invalid,

    /// <summary>No such load test (404).</summary>
    NotFound,

    /// <summary>The action does not fit the test's state, or the concurrency limit is reached (409).</summary>
    Conflict,
}
