using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Storage;

public static class DependencyInjection
{
    public static IServiceCollection AddConnectorStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => new StorageClients(ReadOptions(configuration)));
        return services;
    }

    internal static StorageOptions ReadOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection(StorageOptions.Section);
        var options = new StorageOptions
        {
            // "AzureWebJobsStorage" is a plain value when it is a connection string.
            ConnectionString = section.Value,
            QueueServiceUri = Uri(section["queueServiceUri"]),
            TableServiceUri = Uri(section["tableServiceUri"]),
            BlobServiceUri = Uri(section["blobServiceUri"]),
            ClientId = section["clientId"],
        };
        configuration.GetSection("Storage").Bind(options);
        return options;
    }

    private static Uri? Uri(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value);
}
