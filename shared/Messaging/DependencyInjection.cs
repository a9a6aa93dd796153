using Microsoft.Extensions.DependencyInjection;

namespace Connector.Messaging;

public static class DependencyInjection
{
    public static IServiceCollection AddConnectorMessaging(this IServiceCollection services) => services.AddSingleton<MessageQueue>().AddSingleton<QueueNames>();
}
