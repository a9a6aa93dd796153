using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Messaging;

public static class DependencyInjection
{
    public static IServiceCollection AddConnectorMessaging(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<MessageQueue>().AddSingleton<MessageFailures>().AddSingleton(new QueueNames(configuration));
}
