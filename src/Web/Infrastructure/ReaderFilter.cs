using Microsoft.AspNetCore.Mvc.Filters;

namespace ReformFlow.Web.Infrastructure;

/// <summary>
/// Loads the signed-in person before any page runs, so what a page prints for its reader (<see cref="Tr.ForStudent"/>:
/// no measure IDs for students) is known wherever the page renders it. Costs nothing more: the layout loads them anyway
/// and <see cref="CurrentActor"/> keeps them for the request.
/// </summary>
public sealed class ReaderFilter(CurrentActor current) : IAsyncPageFilter
{
    public async Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context)
    {
        if (context.HttpContext.User.Identity?.IsAuthenticated == true) await current.FindAsync(context.HttpContext.RequestAborted);
    }

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next) => next();
}
