using Connector.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Onboarding;

public sealed class AssignAuthorizationFunction(OnboardingHandlers handlers)
{
    [Function(nameof(AssignAuthorizationFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/authorizations/{authorizationId}/assign")] HttpRequest request,
        string authorizationId,
        CancellationToken cancellationToken) => handlers.AssignAsync(request, authorizationId, cancellationToken);
}
