namespace Connector.Storage;

/// <summary>
/// Where tables and queues live. Mirrors the Functions host's <c>AzureWebJobsStorage</c> setting:
/// either a connection string (Azurite locally) or, in Azure, service URIs with a managed identity
/// (<c>AzureWebJobsStorage__queueServiceUri</c>, <c>__tableServiceUri</c>, <c>__clientId</c>).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "AzureWebJobsStorage";

    [Setting("AzureWebJobsStorage")]
    public string? ConnectionString { get; set; }

    [Setting("AzureWebJobsStorage__queueServiceUri")]
    public Uri? QueueServiceUri { get; set; }

    [Setting("AzureWebJobsStorage__tableServiceUri")]
    public Uri? TableServiceUri { get; set; }

    /// <summary>Blobs (the label PDFs, shared/Labels), with the same identity.</summary>
    [Setting("AzureWebJobsStorage__blobServiceUri")]
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty means the default credential chain.</summary>
    [Setting("AzureWebJobsStorage__clientId")]
    public string? ClientId { get; set; }

    /// <summary>Prepended to every table name the connector uses (tests give each test its own).</summary>
    [Setting("Storage__TablePrefix")]
    public string TablePrefix { get; set; } = string.Empty;
}
