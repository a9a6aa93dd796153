using Connector.Runs;

namespace Connector.Admin.Runs;

/// <summary>A page of every shop's runs started in [<c>from</c>, <c>to</c>], newest first.</summary>
public sealed record RunsAcrossShopsPage(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<RunRecord> Runs, string? ContinuationToken);

/// <summary>A page of one shop's runs, newest first.</summary>
public sealed record RunPage(IReadOnlyList<RunRecord> Runs, string? ContinuationToken);
