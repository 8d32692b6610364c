using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Api;

/// <summary>
/// Search-as-you-type for the forms' pickers (wwwroot/js/picker.js): at most 20 matches within the caller's scope.
/// They help to find a number or id; the services still check whatever is sent.
/// </summary>
public static class PickerApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/search").WithTags("Reference");
        g.MapGet("/teachers", async (string? q, CurrentActor current, PickerQueries pickers, CancellationToken ct) =>
                TypedResults.Ok(await pickers.TeachersAsync(await current.GetAsync(ct), q, ct)))
            .WithSummary("Teachers in the instructor bank whose staff number or name contains q (at most 20)");
        g.MapGet("/students", async (string? q, CurrentActor current, PickerQueries pickers, CancellationToken ct) =>
                TypedResults.Ok(await pickers.StudentsAsync(await current.GetAsync(ct), q, ct)))
            .WithSummary("Students whose number starts with q or whose name contains it, within my scope (university, college or class; a student: own college), at most 20");
        g.MapGet("/units", async (string? q, bool? guidanceUnits, CurrentActor current, PickerQueries pickers, CancellationToken ct) =>
                TypedResults.Ok(await pickers.UnitsAsync(await current.GetAsync(ct), q, guidanceUnits == true, ct)))
            .WithSummary("Active organisation units whose name contains q (guidanceUnits=true: those that may guide an association), at most 20");
    }
}
