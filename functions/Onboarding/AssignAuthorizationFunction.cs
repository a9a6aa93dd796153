using Connector.Admin;
using Connector.Http;
using Connector.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Onboarding;

public sealed class AssignAuthorizationFunction(HttpEdge edge, OnboardingHandlers handlers)
{
    [Function(nameof(AssignAuthorizationFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/authorizations/{authorizationId}/assign")] HttpRequest request,
        string authorizationId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => AssignAuthorization.Bind(r, authorizationId), handlers.AssignAsync, cancellationToken);
}
