using Azure;

namespace Connector.Storage;

/// <summary>
/// The one retry for optimistic concurrency on tables: read, decide, write with the ETag read; when the write loses
/// the race (412, or 409 on an insert), read and decide again (after a random pause that doubles with each attempt, at most 1 s), up to <see cref="MaxAttempts"/> times. The last conflict
/// is thrown, so a queue message is retried by the host and an HTTP caller gets a problem instead of a silent loss.
/// </summary>
public static class OptimisticConcurrency
{
    public const int MaxAttempts = 5;

    /// <summary>A lost race on a table write: ETag mismatch (412) or the row already exists (409), however wrapped.</summary>
    public static bool IsConflict(Exception exception) => exception switch
    {
        ConcurrencyConflictException => true,
        RequestFailedException failed => failed.Status is 409 or 412,
        { InnerException: { } inner } => IsConflict(inner),
        _ => false,
    };

    /// <summary>Runs <paramref name="readDecideWrite"/> (given the attempt number, from 1) until its write wins.</summary>
    public static async Task<T> RetryAsync<T>(Func<int, Task<T>> readDecideWrite, Func<Exception, bool>? isConflict = null, int maxAttempts = MaxAttempts)
    {
        ArgumentNullException.ThrowIfNull(readDecideWrite);
        isConflict ??= IsConflict;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await readDecideWrite(attempt);
            }
            catch (Exception e) when (attempt < maxAttempts && isConflict(e))
            {
                // Changed meanwhile: read again and decide on the fresh state, after a random pause that doubles with
                // the attempts (up to 10, 20, 40, ... ms, at most 1 s), so writers racing for one row (a counter) spread out instead of colliding again.
                await BackOffAsync(attempt);
            }
        }
    }

    /// <inheritdoc cref="RetryAsync{T}(Func{int, Task{T}}, Func{Exception, bool}?, int)"/>
    public static Task RetryAsync(Func<int, Task> readDecideWrite, Func<Exception, bool>? isConflict = null, int maxAttempts = MaxAttempts)
    {
        ArgumentNullException.ThrowIfNull(readDecideWrite);
        return RetryAsync<bool>(async attempt =>
        {
            await readDecideWrite(attempt);
            return true;
        }, isConflict, maxAttempts);
    }

    /// <summary>
    /// The pause before attempt <paramref name="attempt"/> + 1 after a lost race: random, up to 10, 20, 40, ... ms (at most
    /// 1 s), so writers racing for one row spread out. For a loop that retries only the rows that lost (a batch).
    /// </summary>
    public static Task BackOffAsync(int attempt, CancellationToken cancellationToken = default) =>
        Task.Delay(Random.Shared.Next(0, Math.Min(1000, 5 << Math.Min(attempt, 10))), cancellationToken);
}
