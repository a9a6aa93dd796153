using TikTokSimulator;

namespace Connector.Testing;

public static class SimulatorApp
{
    /// <summary>A fresh app in the run's simulator and the TikTok settings that point the connector at it.</summary>
    public static (SimApp App, Dictionary<string, string?> Settings) Create()
    {
        var simulator = TestEnvironment.Current.Simulator;
        var app = simulator.State.CreateApp();
        return (app, new Dictionary<string, string?>
        {
            ["TikTok:AppKey"] = app.AppKey,
            ["TikTok:AppSecret"] = app.AppSecret,
            ["TikTok:ServiceId"] = app.ServiceId,
            ["TikTok:AuthBaseUrl"] = simulator.BaseUri.ToString(),
            ["TikTok:OpenApiBaseUrl"] = simulator.BaseUri.ToString(),
            ["TikTok:AuthorizeUrlCurrent"] = new Uri(simulator.BaseUri, "open/authorize").ToString(),
            ["TikTok:AuthorizeUrlLegacy"] = new Uri(simulator.BaseUri, "oauth/authorize").ToString(),
            ["TikTok:AuthorizeUrlUs"] = new Uri(simulator.BaseUri, "open/authorize").ToString(),
        });
    }
}
