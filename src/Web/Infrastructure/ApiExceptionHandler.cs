using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Localization;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Infrastructure;

/// <summary>Turns rule violations, refusals and conflicts in the JSON API into RFC 7807 problem details in the caller's language.</summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> log, IHostEnvironment env, IConfiguration config) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // The middleware has already rewritten Request.Path to the error page; the feature keeps the original.
        var path = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path;
        if (!path.StartsWith("/api", StringComparison.OrdinalIgnoreCase)) return false;
        // The culture the localisation middleware chose does not flow back out to this outer
        // middleware; the request's culture feature still says what it was.
        if (http.Features.Get<IRequestCultureFeature>()?.RequestCulture is { } rc)
        {
            CultureInfo.CurrentCulture = rc.Culture;
            CultureInfo.CurrentUICulture = rc.UICulture;
        }
        // Anything else is a bug: still problem details (never the HTML error page), and nothing of the exception leaks.
        var problem = ToProblem(exception);
        // The exception handler middleware does not log what a handler handles: a bug must still reach the log with its trace id.
        if (problem is null) log.LogError(exception, "Unhandled error on {Method} {Path} (trace {TraceId})", http.Request.Method, path, http.TraceIdentifier);
        problem ??= new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError, Type = "https://reformflow.dev/problems/server-error",
            Title = Texts.Get("problem.server-error"),
        };
        problem.Instance = path;
        // In development (or where Api:ExceptionDetail says so, as the test suite does) the exception itself travels
        // with the 500, so a failing test prints its cause; in production nothing of it leaves the server.
        if (problem.Status == StatusCodes.Status500InternalServerError && config.GetValue("Api:ExceptionDetail", env.IsDevelopment()))
            problem.Extensions["exception"] = exception.ToString()[..Math.Min(exception.ToString().Length, 4000)];
        await Results.Problem(problem).ExecuteAsync(http);
        return true;
    }

    public static ProblemDetails? ToProblem(Exception exception)
    {
        switch (exception)
        {
            case DomainException d:
                var p = new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest, Type = "https://reformflow.dev/problems/rule-violation",
                    Title = Texts.Get("problem.rule-violation"), Detail = string.Join(" ", d.Reasons.Select(Describe)),
                };
                p.Extensions["reasons"] = d.Reasons.Select(r => new { measureId = r.MeasureId, code = r.Key, message = Describe(r) }).ToList();
                return p;
            case ForbiddenActionException f:
                var forbidden = new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden, Type = "https://reformflow.dev/problems/forbidden",
                    Title = Texts.Get("access.denied"), Detail = Describe(f.Reason),
                };
                // The same shape as a rule violation, so a script reads one field for every refusal.
                forbidden.Extensions["reasons"] = new[] { new { measureId = f.Reason.MeasureId, code = f.Reason.Key, message = Describe(f.Reason) } };
                return forbidden;
            case NotFoundException:
                return new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = Texts.Get("workflow.not-found") };
            case ConcurrencyConflictException:
                return new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict, Type = "https://reformflow.dev/problems/conflict",
                    Title = Texts.Get("workflow.conflict"),
                };
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge, Type = "https://reformflow.dev/problems/too-large", Title = Texts.Get("problem.too-large"),
                };
            case BadHttpRequestException b:
                // The serializer's own message names the field and what was wrong with it (missing, null in a list, wrong type).
                return new ProblemDetails
                {
                    Status = b.StatusCode, Type = "https://reformflow.dev/problems/bad-request", Title = Texts.Get("problem.bad-request"),
                    Detail = b.InnerException is System.Text.Json.JsonException j ? j.Message : b.Message,
                };
            default:
                return null;
        }
    }

    public static string Describe(Reason r) =>
        (r.MeasureId is null ? "" : $"[{r.MeasureId}] ") + Texts.Get(r.Key, r.Args);
}
