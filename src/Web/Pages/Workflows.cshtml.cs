using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Workflows.AnnualReview;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Pages;

/// <summary>Links in emails and the task inbox name the workflow instance; this sends the reader to the page of its process.</summary>
public sealed class WorkflowsModel(ReformFlowDb db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var process = await db.WorkflowInstances.Where(i => i.Id == id).Select(i => i.Process).SingleOrDefaultAsync(ct);
        return process switch
        {
            null => NotFound(),
            AnnualReviewProcess.ProcessName => Redirect($"/Associations/Review/Details/{id}"),
            ReformFlow.Workflows.Unions.SchoolPresidiumProcess.ProcessName or ReformFlow.Workflows.Unions.SchoolDepartmentProcess.ProcessName
                or ReformFlow.Workflows.Unions.CollegeUnionProcess.ProcessName => Redirect($"/Unions/Nominations/Details/{id}"),
            ReformFlow.Workflows.Instructors.InstructorEvaluationProcess.ProcessName => Redirect($"/Instructors/Evaluations/Details/{id}"),
            ReformFlow.Workflows.Instructors.InstructorRenewalProcess.ProcessName => Redirect($"/Associations/Renewals/Details/{id}"),
            _ => Redirect($"/Associations/Applications/Details/{id}"),
        };
    }
}
