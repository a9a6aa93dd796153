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

    /// <summary>Log to the console (standalone) or stay quiet (tests).</summary>
    public bool ConsoleLogging { get; set; }
}
