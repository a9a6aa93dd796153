using Connector.Admin;
using Connector.Http;
using Connector.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Onboarding;

public sealed class AssignAuthorizationFunction(OnboardingHandlers handlers, AdminAccess access)
{
    [Function(nameof(AssignAuthorizationFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/authorizations/{authorizationId}/assign")] HttpRequest request,
        string authorizationId,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => handlers.AssignAsync(request, authorizationId, cancellationToken));
}
