using Microsoft.AspNetCore.Mvc;
using ReformFlow.Domain.Associations;
using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Instructors;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Pages.Instructors.Evaluations;

/// <summary>One evaluation: members rate, leaders close, the guidance unit gives its opinion, the student work department decides.</summary>
public sealed class DetailsModel(CurrentActor current, InstructorEvaluationService evaluations, InstructorEvaluationQueries queries) : AppPageModel
{
    public EvaluationView View { get; private set; } = null!;
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public EvaluationResult? Rating { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRateAsync(Guid id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await TryAsync(() => Rating is { } r ? evaluations.RateAsync(actor, id, r, Comment, ct) : throw new Domain.Common.DomainException("evaluation.rating-invalid")))
        {
            Flash("evaluations.rated-flash");
            return RedirectToPage(new { id });
        }
        return await LoadAsync(id, ct, keepInput: true) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostActAsync(Guid id, string action, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await TryAsync(() => evaluations.ActAsync(actor, id, action, Comment, Version, ct)))
        {
            Flash("details.done", Texts.Get($"enum.Trigger.{action}"));
            return RedirectToPage(new { id });
        }
        return await LoadAsync(id, ct, keepInput: true) ? Page() : NotFound();
    }

    public bool Can(string action) => View.Actions.Any(a => a.Trigger == action);

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct, bool keepInput = false)
    {
        var view = await queries.GetAsync(await current.GetAsync(ct), id, ct);
        if (view is null) return false;
        View = view;
        Version = view.Version;
        if (!keepInput)
        {
            Rating = view.MyRating;
            Comment = view.MyComment;
        }
        return true;
    }
}
