using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.AnnualReview;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Pages.Associations.Review;

/// <summary>Reviewers: the cycle at a glance. Leaders and instructors: their associations' reports.</summary>
public sealed class IndexModel(CurrentActor current, AnnualReviewService reviews, ReformFlowDb db) : AppPageModel
{
    public CycleProgress? Progress { get; private set; }
    public bool IsReviewer { get; private set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        IsReviewer = AnnualReviewService.IsReviewer(actor);
        Progress = await reviews.ProgressAsync(actor, Year, ct);
        if (Progress is not null && !IsReviewer)
        {
            // Others see only the reports of associations they belong to or guide.
            var mine = await db.Memberships.Where(m => m.StudentId == actor.StudentId && m.LeftAt == null).Select(m => m.AssociationId)
                .Concat(db.InstructorAppointments.Where(a => a.TeacherId == actor.TeacherId && a.EndedAt == null).Select(a => a.AssociationId))
                .ToListAsync(ct);
            var names = await db.Associations.Where(a => mine.Contains(a.Id)).Select(a => a.RegistrationNumber).ToListAsync(ct);
            Progress = Progress with { Rows = Progress.Rows.Where(r => names.Contains(r.RegistrationNumber)).ToList() };
        }
    }
}
