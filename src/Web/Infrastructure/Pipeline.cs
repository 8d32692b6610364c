using Microsoft.AspNetCore.Authentication;
using System.Globalization;
using System.Text.Json;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Infrastructure;

public static class Pipeline
{
    public static void UseReformFlow(this WebApplication app)
    {
        app.UseSecurityHeaders();
        if (!string.IsNullOrWhiteSpace(app.Configuration["Security:KnownProxies"])) app.UseForwardedHeaders();
        app.UseExceptionHandler(app.Environment.IsDevelopment() ? "/Error" : "/Error");
        // A status without a body: the API answers problem details; a browser gets a page in the reader's
        // language with the reason and a way on (Pages/Status), never a bare "Status Code: 404".
        app.UseWhen(h => IsApi(h.Request.Path), b => b.UseStatusCodePages());
        app.UseWhen(h => !IsApi(h.Request.Path), b => b.UseStatusCodePagesWithReExecute("/Status/{0}"));
        app.UseResponseCompression();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = CacheStaticFile });
        // Routing after the status pages, so a re-executed /Status/404 is routed afresh (an implicit UseRouting runs first and would not be).
        app.UseRouting();

        var cultures = Texts.Cultures.Select(CultureInfo.GetCultureInfo).ToArray();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Texts.Chinese),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            // ?culture=en, then the language cookie, then the browser's Accept-Language.
            RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ],
        });

        // After the language is known (the 413 is in the caller's language), before antiforgery reads a form.
        app.UseRequestBodyLimits();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseSessionCheck();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapGet("/culture", async (string? c, string? returnUrl, HttpContext http, CurrentActor current, Workflows.Data.ReformFlowDb db) =>
        {
            var culture = Texts.Normalise(c);
            // A signed-in person's choice also sets the language of the emails they receive.
            if (await current.FindAsync() is { } actor)
                await db.Users.Where(u => u.Id == actor.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredCulture, culture));
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            // Only a path of this site: "//evil.example" and "/\evil.example" are other sites to a browser.
            return Results.LocalRedirect(IsLocalPath(returnUrl) ? returnUrl! : "/");
        }).ExcludeFromDescription();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteHealth }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new AdminDashboardFilter()],
            AppPath = "/",
            DisplayStorageConnectionString = false,
        });
    }

    /// <summary>
    /// A file asked for with its content hash (?v=…, asp-append-version) never changes under that address: cached for a
    /// year. Without one it is revalidated (ETag), so a new release is seen at once.
    /// </summary>
    private static void CacheStaticFile(Microsoft.AspNetCore.StaticFiles.StaticFileResponseContext ctx) =>
        ctx.Context.Response.Headers.CacheControl = ctx.Context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache";

    private static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/openapi");

    /// <summary>The rule of Url.IsLocalUrl: starts with one "/" not followed by "/" or "\\", or with "~/"; no control characters.</summary>
    public static bool IsLocalPath(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Any(char.IsControl)) return false;
        if (url[0] == '/') return url.Length == 1 || (url[1] != '/' && url[1] != '\\');
        return url.Length > 1 && url[0] == '~' && url[1] == '/' && (url.Length == 2 || (url[2] != '/' && url[2] != '\\'));
    }

    private static Task WriteHealth(HttpContext http, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }

    /// <summary>The Hangfire dashboard shows and can re-run jobs: administrators only.</summary>
    private sealed class AdminDashboardFilter : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var result = await http.AuthenticateAsync(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
            if (!result.Succeeded) return false;
            http.User = result.Principal;
            var actor = await http.RequestServices.GetRequiredService<CurrentActor>().FindAsync();
            return actor?.Holds(Role.UniversityAdmin) == true;
        }
    }
}
