using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class ListListingProfilesFunction(HttpEdge edge, ProfileEndpoint profiles)
{
    [Function(nameof(ListListingProfilesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/listing-profiles")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) =>
        edge.RunAsync(request, r => ListListingProfiles.Bind(r, merchantId), profiles.ListAsync, cancellationToken);
}
