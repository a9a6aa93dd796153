namespace Connector.Http;

/// <summary>
/// What an operation answers: a named response record with its status (and Location / extra headers when the
/// operation created or queued something), or a <see cref="Refusal"/>. Handlers return this; only the edge
/// (<see cref="HttpEdge"/>) knows HTTP. A response record converts implicitly to 200, a refusal to its problem.
/// </summary>
public readonly record struct Outcome<T> where T : notnull
{
    private Outcome(T? value, int status, Refusal? refusal)
    {
        Value = value;
        Status = status;
        Refusal = refusal;
    }

    /// <summary>The response record; default when refused.</summary>
    public T? Value { get; }

    /// <summary>The success status (200, 201, 202); 0 when refused.</summary>
    public int Status { get; }

    public Refusal? Refusal { get; }

    /// <summary>Where the created or queued resource can be read (sent as Location).</summary>
    public string? Location { get; init; }

    /// <summary>Extra response headers (e.g. Idempotent-Replayed).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public bool Refused => Refusal is not null;

    public static Outcome<T> Ok(T value) => new(value, 200, null);

    public static Outcome<T> Created(T value, string? location = null) => new(value, 201, null) { Location = location };

    public static Outcome<T> Accepted(T value, string? location = null) => new(value, 202, null) { Location = location };

    /// <summary>A response record with another status (e.g. 503 for a health report that says a dependency is down).</summary>
    public static Outcome<T> WithStatus(T value, int status) => new(value, status, null);

    public static Outcome<T> Refuse(Refusal refusal) => new(default, 0, refusal ?? throw new ArgumentNullException(nameof(refusal)));

    /// <summary>The same success or refusal carrying another value (for an operation that wraps another).</summary>
    public Outcome<TOther> Map<TOther>(Func<T, TOther> map) where TOther : notnull =>
        Refusal is { } refusal ? Outcome<TOther>.Refuse(refusal) : new Outcome<TOther>(map(Value!), Status, null) { Location = Location, Headers = Headers };

    public static implicit operator Outcome<T>(T value) => Ok(value);

    public static implicit operator Outcome<T>(Refusal refusal) => Refuse(refusal);
}
