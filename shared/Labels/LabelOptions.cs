namespace Connector.Labels;

/// <summary>The labels capability's app settings (section <c>Labels</c>).</summary>
public sealed class LabelOptions
{
    public const string Section = "Labels";

    /// <summary>
    /// The private blob container holding the labels (created on first use). Prefixed with <c>Storage__TablePrefix</c>,
    /// as every table is, so tests keep to their own.
    /// </summary>
    public string Container { get; set; } = "labels";

    /// <summary>How long the label request waits for TikTok before it answers 202 and lets the queue worker finish.</summary>
    public TimeSpan InlineTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long one worker holds a label (a crashed worker frees it after this).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the queue worker waits before asking TikTok again for a document still being generated.</summary>
    public TimeSpan DocumentRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
