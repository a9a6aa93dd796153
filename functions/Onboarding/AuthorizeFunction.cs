using Connector.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Onboarding;

public sealed class AuthorizeFunction(OnboardingHandlers handlers)
{
    [Function(nameof(AuthorizeFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "oauth/tiktok/authorize")] HttpRequest request,
        CancellationToken cancellationToken) => handlers.AuthorizeAsync(request, cancellationToken);
}
