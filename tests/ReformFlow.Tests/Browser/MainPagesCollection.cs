namespace ReformFlow.Tests.Browser;

/// <summary>
/// The browser tests that walk every main page share one app, browser and set of made items (MainPages), and run
/// one after the other: making the items takes a minute or two, and three apps at once would crowd a small machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MainPagesCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Main pages";
}
