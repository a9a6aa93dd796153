namespace TikTokSimulator;

/// <summary>How a simulator instance behaves. Every figure TikTok does not publish is a setting here.</summary>
public sealed class SimulatorOptions
{
    /// <summary>0 picks any free port (tests); the standalone default is 7072.</summary>
    public int Port { get; set; }

    /// <summary>Apps known from the start (more can be added through the control API).</summary>
    public List<SimApp> Apps { get; set; } = [];

    public TimeSpan AuthCodeLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How far a call's timestamp may lie behind the simulator's clock (TikTok: 5 minutes).</summary>
    public TimeSpan MaxTimestampSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far a call's timestamp may lie ahead of the simulator's clock (TikTok: 30 seconds).</summary>
    public TimeSpan MaxTimestampAhead { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>TikTok's rate limit per API, app and shop (documented default 50 QPS); null = unlimited.</summary>
    public int? RequestsPerSecondPerApi { get; set; } = 50;

    public int MaxPageSize { get; set; } = 100;

    /// <summary>Most ids one GET /order/202507/orders call accepts.</summary>
    public int MaxOrderIdsPerCall { get; set; } = 50;

    /// <summary>How long a new order stays ON_HOLD before it moves to AWAITING_SHIPMENT.</summary>
    public TimeSpan OnHoldDuration { get; set; } = TimeSpan.FromHours(1);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How long a webhook receiver has to answer 200 or 401 before the push counts as failed (TikTok: 3 seconds, webhook
    /// configuration guide).
    /// </summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// When a failed push is made again, with the same notification id: 2 minutes after the first failure, then 30 minutes,
    /// 3 hours and 12 hours; no further attempt after the 4th retry (webhook configuration guide). Tests shorten them.
    /// </summary>
    public IReadOnlyList<TimeSpan> WebhookRetryDelays { get; set; } =
        [TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(30), TimeSpan.FromHours(3), TimeSpan.FromHours(12)];

    /// <summary>Keep the state in this file across restarts (standalone: <c>--state-file</c>); null keeps it in memory only.</summary>
    public string? StateFile { get; set; }

    /// <summary>Log to the console (standalone) or stay quiet (tests).</summary>
    public bool ConsoleLogging { get; set; }
}
