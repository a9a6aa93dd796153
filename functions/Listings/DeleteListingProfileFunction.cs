using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class DeleteListingProfileFunction(HttpEdge edge, ProfileEndpoint profiles)
{
    [Function(nameof(DeleteListingProfileFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "merchants/{merchantId}/listing-profiles/{name}")] HttpRequest request,
        string merchantId,
        string name,
        CancellationToken cancellationToken) =>
        edge.RunAsync(request, r => DeleteListingProfile.Bind(r, merchantId, name), profiles.DeleteAsync, cancellationToken);
}
