using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connector.DeployTests;

/// <summary>infra/ compiles cleanly and says what the issue and docs/deploy.md promise.</summary>
public sealed partial class BicepTests
{
    [GeneratedRegex(@"\) : (Error|Warning) ")]
    private static partial Regex ErrorOrWarning();

    [Test]
    public async Task Main_bicep_compiles_with_no_error_and_no_warning()
    {
        var build = await BicepCli.BuildMain();

        Assert.That(build.Diagnostics.Where(line => ErrorOrWarning().IsMatch(line)), Is.Empty,
            "bicep build infra/main.bicep reported errors or warnings (the linter runs at warning level, infra/bicepconfig.json)");
        Assert.That(build.ExitCode, Is.Zero, string.Join('\n', build.Diagnostics));
        Assert.That(build.Template, Is.Not.Null);
    }

    [Test]
    public async Task The_linter_is_on_at_warning_level()
    {
        // A file beside a copy of infra/bicepconfig.json with an unused parameter must warn.
        var directory = Directory.CreateTempSubdirectory("bicep-lint-");
        try
        {
            File.Copy(Repository.PathOf("infra", "bicepconfig.json"), Path.Combine(directory.FullName, "bicepconfig.json"));
            var file = Path.Combine(directory.FullName, "unused.bicep");
            await File.WriteAllTextAsync(file, "param unused string\n\noutput answer int = 42\n");

            var build = await BicepCli.Build(file);

            Assert.That(build.Diagnostics, Has.Some.Contains("Warning no-unused-params"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Function_app_is_flex_consumption_on_dotnet_10_isolated_with_the_identity()
    {
        var build = await BicepCli.BuildMain();

        var plan = Single(build, "Microsoft.Web/serverfarms");
        Assert.That((string?)plan["sku"]?["tier"], Is.EqualTo("FlexConsumption"));
        var app = Single(build, "Microsoft.Web/sites");
        Assert.That((string?)app["identity"]?["type"], Is.EqualTo("UserAssigned"));
        var config = app["properties"]?["functionAppConfig"];
        Assert.That((string?)config?["runtime"]?["name"], Is.EqualTo("dotnet-isolated"));
        Assert.That((string?)config?["runtime"]?["version"], Is.EqualTo("10.0"));
        Assert.That((string?)config?["deployment"]?["storage"]?["authentication"]?["type"], Is.EqualTo("UserAssignedIdentity"));
        Assert.That((bool?)app["properties"]?["httpsOnly"], Is.True);
    }

    [Test]
    public async Task Function_app_carries_the_azd_service_name_of_azure_yaml()
    {
        var build = await BicepCli.BuildMain();
        var service = Regex.Match(Repository.Read("azure.yaml"), @"^services:\s*\n\s+([A-Za-z0-9_-]+):", RegexOptions.Multiline).Groups[1].Value;

        var module = build.Resources().Single(r => (string?)r["type"] == "Microsoft.Resources/deployments"
            && r["properties"]?["template"]?["resources"] is JsonNode resources && resources.ToJsonString().Contains("Microsoft.Web/sites\"", StringComparison.Ordinal));

        Assert.That(service, Is.EqualTo("api"));
        Assert.That((string?)module["properties"]?["parameters"]?["serviceName"]?["value"], Is.EqualTo(service));
        Assert.That(Single(build, "Microsoft.Web/sites")["tags"]?.ToJsonString(), Does.Contain("azd-service-name"));
    }

    [Test]
    public async Task Storage_accepts_no_shared_keys_no_public_blobs_and_tls_1_2_only()
    {
        var build = await BicepCli.BuildMain();

        var properties = Single(build, "Microsoft.Storage/storageAccounts")["properties"];
        Assert.That((bool?)properties?["allowSharedKeyAccess"], Is.False);
        Assert.That((bool?)properties?["allowBlobPublicAccess"], Is.False);
        Assert.That((string?)properties?["minimumTlsVersion"], Is.EqualTo("TLS1_2"));
    }

    [Test]
    public async Task Key_vault_uses_rbac_soft_delete_and_purge_protection()
    {
        var build = await BicepCli.BuildMain();

        var properties = Single(build, "Microsoft.KeyVault/vaults")["properties"];
        Assert.That((bool?)properties?["enableRbacAuthorization"], Is.True);
        Assert.That((bool?)properties?["enableSoftDelete"], Is.True);
        Assert.That((bool?)properties?["enablePurgeProtection"], Is.True);
    }

    [Test]
    public async Task The_identity_gets_the_least_privilege_roles()
    {
        var build = await BicepCli.BuildMain();
        var template = build.RequireTemplate().ToJsonString();

        Assert.Multiple(() =>
        {
            foreach (var (role, id) in new[]
                     {
                         ("Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"),
                         ("Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88"),
                         ("Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"),
                         ("Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"),
                         ("Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb"),
                     })
            {
                Assert.That(template, Does.Contain(id), role);
            }
        });
        Assert.That(build.Resources().Count(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments"), Is.GreaterThanOrEqualTo(4), "storage roles (one copy loop), vault, Application Insights, deployer");
    }

    [Test]
    public async Task App_secret_is_a_key_vault_reference_and_storage_is_identity_based()
    {
        var build = await BicepCli.BuildMain();

        var settings = AppSettingsResource(build)["properties"]!.AsObject();
        Assert.That((string?)settings["TikTok__AppSecret"], Does.Contain("@Microsoft.KeyVault(SecretUri="));
        Assert.That((string?)settings["AzureWebJobsStorage__credential"], Is.EqualTo("managedidentity"));
        Assert.That(settings.ContainsKey("AzureWebJobsStorage"), Is.False, "no storage connection string (shared keys are off)");
        Assert.That(settings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"), Is.False, "Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME");
    }

    [Test]
    public async Task Main_parameters_json_matches_the_template_parameters()
    {
        var build = await BicepCli.BuildMain();
        var declared = build.RequireTemplate()["parameters"]!.AsObject();
        var mapped = JsonNode.Parse(Repository.Read("infra", "main.parameters.json"))!["parameters"]!.AsObject();

        Assert.That(mapped.Select(p => p.Key).Where(name => !declared.ContainsKey(name)), Is.Empty,
            "main.parameters.json maps parameters main.bicep does not declare");
        Assert.That(declared.Where(p => p.Value?["defaultValue"] is null).Select(p => p.Key).Where(name => !mapped.ContainsKey(name)), Is.Empty,
            "main.bicep parameters without a default must be mapped in main.parameters.json (azd fills them from the environment)");
    }

    [Test]
    public async Task Deploy_guide_names_only_outputs_and_environment_values_that_exist()
    {
        var build = await BicepCli.BuildMain();
        var outputs = build.Outputs();
        var parameterVariables = Regex.Matches(Repository.Read("infra", "main.parameters.json"), @"\$\{([A-Z_]+)")
            .Select(m => m.Groups[1].Value);
        // Set by azd itself.
        var known = outputs.Concat(parameterVariables).Concat(["AZURE_ENV_NAME", "AZURE_SUBSCRIPTION_ID", "AZURE_LOCATION"])
            .ToHashSet(StringComparer.Ordinal);

        var named = Regex.Matches(Repository.Read("docs", "deploy.md"), @"\b((?:AZURE|TIKTOK|APPLICATIONINSIGHTS)_[A-Z_]+)\b")
            .Select(m => m.Groups[1].Value)
            .Where(name => name is not "APPLICATIONINSIGHTS_CONNECTION_STRING" and not "APPLICATIONINSIGHTS_AUTHENTICATION_STRING")
            .Distinct();

        Assert.That(named.Where(name => !known.Contains(name)), Is.Empty,
            "docs/deploy.md names azd values that infra/main.bicep does not output and main.parameters.json does not read");
        Assert.That(outputs, Is.SupersetOf(new[] { "AZURE_LOCATION", "AZURE_FUNCTION_APP_NAME", "AZURE_KEY_VAULT_NAME", "AZURE_RESOURCE_GROUP" }));
    }

    [Test]
    public async Task Entra_sign_in_protects_the_console_and_admin_api_and_leaves_open_what_must_stay_open()
    {
        var build = await BicepCli.BuildMain();
        var auth = ConfigResource(build, "authsettingsV2")["properties"]!;

        Assert.That((bool?)auth["globalValidation"]?["requireAuthentication"], Is.True);
        Assert.That((string?)auth["globalValidation"]?["unauthenticatedClientAction"], Is.EqualTo("RedirectToLoginPage"));
        Assert.That(auth["identityProviders"]?["azureActiveDirectory"]?["registration"]?["clientId"]?.ToJsonString(), Does.Contain("entraClientId"));
        var open = auth["globalValidation"]!["excludedPaths"]!.AsArray().Select(p => (string?)p).ToArray();
        Assert.That(open, Is.EquivalentTo(new[] { "/api/health", "/api/oauth/tiktok/authorize", "/api/oauth/tiktok/callback", "/api/webhooks/tiktok", "/api/merchants/*" }));
        Assert.That(open.Where(p => p!.StartsWith("/api/admin", StringComparison.Ordinal) || p.StartsWith("/api/console", StringComparison.Ordinal)), Is.Empty);
        Assert.That(build.Outputs(), Does.Contain("AZURE_CONSOLE_URL"));
    }

    internal static JsonObject AppSettingsResource(BicepBuild build) => ConfigResource(build, "appsettings");

    private static JsonObject ConfigResource(BicepBuild build, string name) =>
        build.Resources().Single(r => (string?)r["type"] == "Microsoft.Web/sites/config" && ((string?)r["name"] ?? "").Contains($"'{name}'", StringComparison.Ordinal));

    private static JsonObject Single(BicepBuild build, string type) =>
        build.Resources().Single(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)
            && r["existing"] is null);
}
