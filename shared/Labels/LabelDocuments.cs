using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Connector.Storage;
using Microsoft.Extensions.Options;

namespace Connector.Labels;

/// <summary>
/// The label PDFs in Azure Blob Storage (Azurite locally): one private container (no public access; no SAS link is ever
/// handed out), blobs named <c>{merchantId}/{labelId}/{kind}.pdf</c>. The only way to read one is the back-office
/// download, which finds the label under the merchant of the request first. Writes overwrite, so a retried worker
/// stores the same document again harmlessly.
/// </summary>
public sealed class LabelDocuments
{
    /// <summary>Azurite checks the API version; the newest one both it and Azure.Storage.Blobs 12.30 speak.</summary>
    public const BlobClientOptions.ServiceVersion ServiceVersion = BlobClientOptions.ServiceVersion.V2025_11_05;

    private readonly Lazy<BlobContainerClient> container;
    private readonly object sync = new();
    private Task? ensured;

    public LabelDocuments(StorageOptions storage, IOptions<LabelOptions> options)
    {
        var name = (storage.TablePrefix + options.Value.Container).ToLowerInvariant();
        container = new Lazy<BlobContainerClient>(() => Service(storage).GetBlobContainerClient(name));
    }

    public static string BlobName(string merchantId, string labelId, string kind) => $"{merchantId}/{labelId}/{kind}.pdf";

    public async Task SaveAsync(string blobName, byte[] pdf, CancellationToken cancellationToken)
    {
        var client = await ContainerAsync(cancellationToken);
        await client.GetBlobClient(blobName).UploadAsync(
            new BinaryData(pdf),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" } },
            cancellationToken);
    }

    /// <summary>The document's bytes; null when the blob is gone.</summary>
    public async Task<Stream?> OpenAsync(string blobName, CancellationToken cancellationToken)
    {
        var client = await ContainerAsync(cancellationToken);
        try
        {
            var response = await client.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return response.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string blobName, CancellationToken cancellationToken)
    {
        var client = await ContainerAsync(cancellationToken);
        return (await client.GetBlobClient(blobName).ExistsAsync(cancellationToken)).Value;
    }

    public async Task DeleteAsync(string blobName, CancellationToken cancellationToken)
    {
        var client = await ContainerAsync(cancellationToken);
        await client.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Removes the documents of these labels (shop deletion); answers how many labels.</summary>
    public async Task<int> DeleteLabelsAsync(IReadOnlyList<Label> labels, CancellationToken cancellationToken)
    {
        foreach (var document in labels.SelectMany(l => l.Documents))
        {
            await DeleteAsync(document.BlobName, cancellationToken);
        }

        return labels.Count;
    }

    /// <summary>Every blob name under a prefix (tests and support).</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var client = await ContainerAsync(cancellationToken);
        var names = new List<string>();
        await foreach (var blob in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>The container, created (private) on first use in this process; a failed creation is tried again next time.</summary>
    private async Task<BlobContainerClient> ContainerAsync(CancellationToken cancellationToken)
    {
        Task task;
        lock (sync)
        {
            task = ensured ??= container.Value.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: CancellationToken.None);
        }

        try
        {
            await task.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            lock (sync)
            {
                if (ensured == task)
                {
                    ensured = null;
                }
            }

            throw;
        }

        return container.Value;
    }

    private static BlobServiceClient Service(StorageOptions storage)
    {
        var options = new BlobClientOptions(ServiceVersion);
        if (!string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            return new BlobServiceClient(storage.ConnectionString, options);
        }

        if (storage.BlobServiceUri is null)
        {
            throw new InvalidOperationException(
                "Blob storage is not configured: set AzureWebJobsStorage to a connection string (with a BlobEndpoint), or AzureWebJobsStorage__blobServiceUri.");
        }

        TokenCredential credential = string.IsNullOrWhiteSpace(storage.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(storage.ClientId));
        return new BlobServiceClient(storage.BlobServiceUri, credential, options);
    }
}
