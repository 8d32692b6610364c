using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ReformFlow.Web.Pages;

/// <summary>Links in emails name the workflow instance; this sends the reader to the page of its process.</summary>
public sealed class WorkflowsModel : PageModel
{
    public IActionResult OnGet(Guid id) => Redirect($"/Associations/Applications/Details/{id}");
}
