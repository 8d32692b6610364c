using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace ReformFlow.Web.Infrastructure;

public static class LinkedSettings
{
    /// <summary>
    /// The one appsettings.json lives at the repository root and is linked into the build output.
    /// `dotnet run --project src/Web` uses src/Web as content root, where it is absent, so read the
    /// copy beside the binaries, in the same place in the order (environment variables still win).
    /// </summary>
    public static void UseLinkedAppSettings(this WebApplicationBuilder builder)
    {
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json"))) return;
        var linked = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(linked)) return;
        var sources = builder.Configuration.Sources;
        var at = sources.Select((s, i) => (s, i)).FirstOrDefault(x => x.s is JsonConfigurationSource).i;
        sources.Insert(at, new JsonConfigurationSource
        {
            Path = "appsettings.json", Optional = false, ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
        builder.WebHost.UseStaticWebAssets();
    }
}
