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

    /// <summary>Largest accepted difference between a call's timestamp and the simulator's clock.</summary>
    public TimeSpan MaxTimestampSkew { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxPageSize { get; set; } = 100;

    /// <summary>Most ids one GET /order/202507/orders call accepts.</summary>
    public int MaxOrderIdsPerCall { get; set; } = 50;

    /// <summary>How long a new order stays ON_HOLD before it moves to AWAITING_SHIPMENT.</summary>
    public TimeSpan OnHoldDuration { get; set; } = TimeSpan.FromHours(1);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Log to the console (standalone) or stay quiet (tests).</summary>
    public bool ConsoleLogging { get; set; }
}
