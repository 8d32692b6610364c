namespace ReformFlow.Web.Infrastructure;

/// <summary>
/// Headers set on every answer — pages, API, static files, errors, 404s — just before it starts, so nothing later in
/// the pipeline (the exception handler clears the response and runs again) can leave one out.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from our own files (no inline script: page scripts live in wwwroot/js). Styles allow 'unsafe-inline'
    /// because Mermaid writes a &lt;style&gt; element into every diagram's SVG and a few pages size fields with style
    /// attributes; CSS cannot run script, so this does not reopen script injection.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var h = http.Response.Headers;
            // The same for Hangfire's dashboard: version 1.8 needs no inline script (SecurityBrowserTests checks it).
            h.ContentSecurityPolicy = ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            h.Remove("Server"); // Kestrel's is off (ServiceRegistration); this catches any other server in front
            return Task.CompletedTask;
        });
        return next(http);
    });
}
