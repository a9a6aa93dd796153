namespace Connector.DeployTests;

/// <summary>
/// Every setting the code reads is set by infra/ or documented as optional in docs/settings.md, and
/// local.settings.sample.json names the same settings as infra/ (minus the rows marked "Azure only").
/// </summary>
public sealed class SettingsTests
{
    [Test]
    public void Discovery_finds_the_settings_of_options_classes_and_direct_reads()
    {
        var names = SettingsCatalog.Discover().Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.That(names, Is.SupersetOf(new[]
        {
            "AzureWebJobsStorage", "AzureWebJobsStorage__queueServiceUri", "Storage__TablePrefix", // [Setting] names
            "KeyVault__Uri", "TikTok__AppKey", "TikTok__MaxRetryDelay", // {Section}__{Property}
            "APPLICATIONINSIGHTS_CONNECTION_STRING", // configuration[constant]
        }).Using((IEqualityComparer<string>)StringComparer.OrdinalIgnoreCase));
        Assert.That(names, Has.None.EqualTo("KeyVault__IsEmulator"), "computed properties are not settings");
    }

    [Test]
    public void Every_setting_the_code_reads_is_set_by_infra_or_documented_as_optional()
    {
        var appSettings = BicepCli.BuildMain().GetAwaiter().GetResult().AppSettings();
        var documented = DocumentedSetting.Read();

        var missing = SettingsCatalog.Discover()
            .Where(read => !appSettings.Any(set => SettingsCatalog.Matches(read.Name, set)))
            .Where(read => !documented.Any(row => SettingsCatalog.Matches(row.Name, read.Name) && !row.SetInAzure))
            .GroupBy(read => read.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => $"{g.Key} (read in {string.Join(", ", g.Select(r => r.Source).Distinct())})")
            .ToList();

        Assert.That(missing, Is.Empty,
            "These settings are read by the code but neither set in infra/modules/function-app.bicep (appsettings) "
            + "nor listed in docs/settings.md as optional (Azure column 'optional' or '—'):\n  " + string.Join("\n  ", missing));
    }

    [Test]
    public void Docs_list_exactly_the_settings_infra_sets()
    {
        var appSettings = BicepCli.BuildMain().GetAwaiter().GetResult().AppSettings();
        var documented = DocumentedSetting.Read();

        var undocumented = appSettings.Where(set => !documented.Any(row => row.SetInAzure && SettingsCatalog.Matches(row.Name, set))).ToList();
        var notSet = documented.Where(row => row.SetInAzure && !appSettings.Any(set => SettingsCatalog.Matches(row.Name, set)))
            .Select(row => row.Name).ToList();

        Assert.That(undocumented, Is.Empty, "infra/ sets these app settings but docs/settings.md has no 'set' row for them");
        Assert.That(notSet, Is.Empty, "docs/settings.md says infra/ sets these, but infra/modules/function-app.bicep does not");
    }

    [Test]
    public void Local_sample_names_the_settings_infra_sets_except_those_marked_Azure_only()
    {
        var appSettings = BicepCli.BuildMain().GetAwaiter().GetResult().AppSettings();
        var documented = DocumentedSetting.Read();
        var sample = SettingsCatalog.SampleSettings();

        var missingFromSample = appSettings
            .Where(set => !sample.Any(local => SettingsCatalog.Matches(set, local)))
            .Where(set => !documented.Any(row => SettingsCatalog.Matches(row.Name, set) && !row.InSample))
            .ToList();
        Assert.That(missingFromSample, Is.Empty,
            "infra/ sets these, but local.settings.sample.json does not name them and docs/settings.md does not mark them 'Azure only' or 'optional'");

        var unknownInSample = sample.Where(local => !documented.Any(row => row.InSample && SettingsCatalog.Matches(row.Name, local))).ToList();
        Assert.That(unknownInSample, Is.Empty,
            "local.settings.sample.json names these, but docs/settings.md has no row for them with 'sample' in the local column");

        var documentedButAbsent = documented.Where(row => row.InSample && !sample.Any(local => SettingsCatalog.Matches(row.Name, local)))
            .Select(row => row.Name).ToList();
        Assert.That(documentedButAbsent, Is.Empty, "docs/settings.md says local.settings.sample.json names these, but it does not");
    }

    [Test]
    public void Every_documented_row_has_a_known_column_value()
    {
        var rows = DocumentedSetting.Read();

        Assert.That(rows, Is.Not.Empty);
        Assert.That(rows.Where(r => r.Azure is not ("set" or "optional" or "—")).Select(r => r.Name), Is.Empty, "Azure column: set, optional or —");
        Assert.That(rows.Where(r => r.Local is not ("sample" or "optional" or "Azure only")).Select(r => r.Name), Is.Empty,
            "local column: sample, optional or Azure only");
    }

    [Test]
    public void Documented_names_with_placeholders_match_concrete_settings()
    {
        Assert.That(SettingsCatalog.Matches("TikTok__Apps__{name}__AppKey", "TikTok:Apps:US:AppKey"), Is.True);
        Assert.That(SettingsCatalog.Matches("TikTok__Apps__{name}__AppKey", "TikTok__Apps__US__Region__AppKey"), Is.False);
        Assert.That(SettingsCatalog.Matches("keyvault__uri", "KeyVault__Uri"), Is.True);
    }
}
