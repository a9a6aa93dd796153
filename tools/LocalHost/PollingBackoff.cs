namespace Connector.LocalHost;

/// <summary>
/// How long an idle queue listener waits before its next poll, as the Functions host's queue listener does
/// (WebJobs' randomized exponential back-off): 100 ms after a poll that found messages, then 100 ms plus 100 ms
/// × 2^(n-1) (± 20%) after the n-th empty poll in a row, until <c>maxPollingInterval</c>, where it stays.
/// </summary>
public sealed class PollingBackoff
{
    /// <summary>The host's shortest interval; <c>maxPollingInterval</c> may not be below it.</summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(100);

    private const double RandomizationFactor = 0.2;

    private readonly TimeSpan maximum;
    private readonly Random random;
    private TimeSpan current;
    private int exponent;

    public PollingBackoff(TimeSpan maximum, Random? random = null)
    {
        if (maximum < Minimum)
        {
            throw new ArgumentOutOfRangeException(nameof(maximum), maximum, $"maxPollingInterval must not be less than {Minimum}.");
        }

        this.maximum = maximum;
        this.random = random ?? Random.Shared;
    }

    /// <summary>The wait before the next poll: <paramref name="foundMessages"/> is whether anything was found since the last wait.</summary>
    public TimeSpan Next(bool foundMessages)
    {
        if (foundMessages)
        {
            current = Minimum;
            exponent = 1;
        }
        else if (current != maximum)
        {
            var interval = Minimum;
            if (exponent > 0)
            {
                var factor = 1 - RandomizationFactor + (random.NextDouble() * 2 * RandomizationFactor);
                interval += TimeSpan.FromMilliseconds(factor * Math.Pow(2, exponent - 1) * Minimum.TotalMilliseconds);
            }

            if (interval < maximum)
            {
                current = interval;
                exponent++;
            }
            else
            {
                current = maximum;
            }
        }

        return current;
    }
}
