using System.Net;
using Connector.EndToEndTests.Fulfilment;
using Connector.EndToEndTests.Onboarding;
using Connector.Fulfilment;
using Connector.Support;
using Connector.Testing;
using Connector.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.EndToEndTests.Admin;

/// <summary>Support cases whose cause is gone close themselves with a note; the dashboard counts only what needs a person.</summary>
public sealed class CasesCloseThemselvesTests
{
    private static async Task<int> OpenCasesOnDashboardAsync(AdminWorld admin)
    {
        var (_, summary, _) = await admin.GetAsync("api/admin/summary");
        return summary.GetProperty("openCases").GetProperty("total").GetInt32();
    }

    [Test]
    public async Task An_AssignAuthorization_case_closes_once_the_authorization_is_assigned()
    {
        await using var world = await OnboardingWorld.StartAsync();
        var code = OnboardingWorld.Sim.State.CreateAuthCode(world.App.AppKey, world.Seller.OpenId);
        Assert.That((await world.OpenAsync($"api/oauth/tiktok/callback?code={Uri.EscapeDataString(code)}")).Status, Is.EqualTo(HttpStatusCode.OK));
        var assign = (await world.Cases.EveryCaseAsync()).Single(c => c.Kind == SupportCaseKind.AssignAuthorization);

        var (assigned, _) = await world.PostAdminAsync($"api/admin/authorizations/{world.AuthorizationId}/assign", new { merchantId = "merchant-3" });

        Assert.That(assigned, Is.EqualTo(HttpStatusCode.OK));
        var after = await world.Cases.GetAsync(assign.CaseId, CancellationToken.None);
        Assert.That(after!.Status, Is.EqualTo(SupportCaseStatus.Resolved));
        Assert.That(after.ResolvedBy, Is.EqualTo(SupportCaseStore.Connector));
        Assert.That(after.ResolutionNote, Does.Contain("merchant-3"));
    }

    [Test]
    public async Task A_ReauthorizationRequired_case_closes_when_the_seller_authorizes_again_and_leaves_the_dashboard()
    {
        await using var admin = await AdminWorld.StartAsync();
        await admin.ActivateAsync();
        var refresher = admin.Services.GetRequiredService<IAuthorizationLoss>();
        await refresher.LostAsync(admin.World.AuthorizationId, "refresh token expired (test)", CancellationToken.None);
        var reauth = (await admin.World.Cases.EveryCaseAsync()).Single(c => c.Kind == SupportCaseKind.ReauthorizationRequired && c.Status == SupportCaseStatus.Open);
        var openBefore = await OpenCasesOnDashboardAsync(admin);

        var (_, status, html) = await admin.World.OnboardAsync(AdminWorld.Merchant);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), html);
        var after = await admin.World.Cases.GetAsync(reauth.CaseId, CancellationToken.None);
        Assert.That(after!.Status, Is.EqualTo(SupportCaseStatus.Resolved), "the cause is gone");
        Assert.That(after.ResolutionNote, Does.Contain("authorized again"));
        Assert.That(await OpenCasesOnDashboardAsync(admin), Is.EqualTo(openBefore - 1), "the dashboard counts only what needs a person");
        var (_, open, _) = await admin.GetAsync("api/admin/cases?kind=ReauthorizationRequired");
        Assert.That(open.GetProperty("cases").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task A_ShipmentFailed_case_closes_when_a_resend_of_the_same_units_goes_through()
    {
        await using var world = await FulfilmentWorld.StartAsync();
        var order = await world.StoredOrderAsync();
        var failed = await world.ShipAsync(FulfilmentWorld.Body(order.Id, "all", carrier: "Pigeon Post Ltd"));
        Assert.That(failed.GetProperty("status").GetString(), Is.EqualTo("Failed"));
        var caseId = failed.GetProperty("supportCaseId").GetString()!;

        await world.SetFulfilmentAsync(new FulfilmentSettings { FallbackCarrier = "Royal Mail" });
        var resent = await world.ShipAsync(FulfilmentWorld.Body(order.Id, "all", carrier: "Pigeon Post Ltd"));

        Assert.That(resent.GetProperty("status").GetString(), Is.EqualTo("Shipped"), resent.ToString());
        var after = await world.Cases.GetAsync(caseId, CancellationToken.None);
        Assert.That(after!.Status, Is.EqualTo(SupportCaseStatus.Resolved));
        Assert.That(after.ResolvedBy, Is.EqualTo(SupportCaseStore.Connector));
        Assert.That(after.ResolutionNote, Does.Contain(resent.GetProperty("shipmentId").GetString()));
    }
}
