using Connector.Http;
using Connector.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Onboarding;

public sealed class OAuthCallbackFunction(HttpEdge edge, OnboardingHandlers handlers)
{
    [Function(nameof(OAuthCallbackFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "oauth/tiktok/callback")] HttpRequest request,
        CancellationToken cancellationToken) => edge.RunPageAsync(request, OAuthRedirect.Bind, handlers.CallbackAsync, cancellationToken);
}
