using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Labels;

public static class DependencyInjection
{
    /// <summary>TikTok Shipping labels: the endpoints, the label store, the PDFs in blob storage and the queue worker.</summary>
    public static IServiceCollection AddConnectorLabels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LabelOptions>().BindConfiguration(LabelOptions.Section);
        services.AddSingleton(sp => new LabelDocuments(Storage.DependencyInjection.ReadOptions(configuration), sp.GetRequiredService<IOptions<LabelOptions>>()));
        services.AddSingleton<LabelStore>();
        services.AddSingleton<LabelWorker>();
        services.AddSingleton<LabelHandlers>();
        return services;
    }
}
