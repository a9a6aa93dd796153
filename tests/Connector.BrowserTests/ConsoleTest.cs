using System.Net;
using System.Text.RegularExpressions;
using Connector.EndToEndTests.Admin;
using Microsoft.Playwright;
using Microsoft.Playwright.NUnit;

namespace Connector.BrowserTests;

/// <summary>
/// One test's world: the whole connector in the local host (a PendingActivation shop onboarded through the simulator)
/// and Debian's Chromium, launched by Playwright with a new empty profile. Screenshots go to the test's results.
/// </summary>
public abstract partial class ConsoleTest : PlaywrightTest
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string PersonName = "Alice Support";
    public const string PersonEmail = "alice@example.test";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private string? profile;

    protected AdminWorld Admin { get; private set; } = null!;

    protected IBrowserContext Browser { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    protected string ShopId => Admin.ShopId;

    protected string ConsoleUrl => new Uri(Admin.World.Host.Http.BaseAddress!, "api/console/").ToString();

    /// <summary>Settings the test's host starts with (see <see cref="AdminWorld.StartAsync"/>).</summary>
    protected virtual IDictionary<string, string?> HostSettings => new Dictionary<string, string?>();

    /// <summary>A laptop; tests switch to a phone with <see cref="PhoneAsync"/>.</summary>
    protected static readonly ViewportSize Laptop = new() { Width = 1280, Height = 900 };

    protected static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [SetUp]
    public async Task StartWorldAndBrowserAsync()
    {
        Assert.That(File.Exists(ChromiumPath), Is.True, $"{ChromiumPath} is missing: apt-get install -y chromium (scripts/test.sh does)");
        Admin = await AdminWorld.StartAsync(HostSettings);
        profile = Directory.CreateTempSubdirectory("connector-chromium-").FullName;
        Browser = await Playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            ViewportSize = Laptop,
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        Browser.SetDefaultTimeout(20_000);
        Page = Browser.Pages.Count > 0 ? Browser.Pages[0] : await Browser.NewPageAsync();
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                TestContext.Out.WriteLine("browser console error: " + message.Text);
            }
        };
        Page.PageError += (_, error) => TestContext.Out.WriteLine("page error: " + error);
    }

    [TearDown]
    public async Task StopAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed && Page is not null)
        {
            await ScreenshotAsync("failure");
        }

        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        if (Admin is not null)
        {
            await Admin.DisposeAsync();
        }

        if (profile is not null)
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Opens the console, is sent to the sign-in, signs in with the development form and lands on the dashboard.</summary>
    protected async Task SignInAsync(string? hash = null)
    {
        await Page.GotoAsync(ConsoleUrl + (hash ?? ""));
        var signIn = Page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true });
        await Assertions.Expect(signIn).ToBeVisibleAsync();
        await ScreenshotAsync("sign-in");
        await signIn.ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Development sign-in" })).ToBeVisibleAsync();
        await Page.GetByLabel("Name").FillAsync(PersonName);
        await Page.GetByLabel("E-mail").FillAsync(PersonEmail);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#who .me")).ToHaveTextAsync(PersonEmail);
    }

    /// <summary>Goes to a page of the console by its hash route and waits until it has loaded.</summary>
    protected async Task OpenAsync(string hash, string heading)
    {
        await Page.GotoAsync(ConsoleUrl + hash);
        await Assertions.Expect(Page.Locator("main h1").First).ToContainTextAsync(heading);
        await Assertions.Expect(Page.Locator("main .loading")).ToHaveCountAsync(0);
    }

    protected async Task PhoneAsync() => await Page.SetViewportSizeAsync(Phone.Width, Phone.Height);

    /// <summary>A full-page PNG in the test's results (attached to the test, so the TRX results directory holds it).</summary>
    protected async Task<string> ScreenshotAsync(string name)
    {
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Safe().Replace(TestContext.CurrentContext.Test.Name, "-")}-{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
        return path;
    }

    [GeneratedRegex("[^A-Za-z0-9_-]+")]
    private static partial Regex Safe();

    protected static HttpStatusCode Ok => HttpStatusCode.OK;
}
