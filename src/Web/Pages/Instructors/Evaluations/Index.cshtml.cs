using ReformFlow.Web.Infrastructure;
using ReformFlow.Workflows.Instructors;
using Microsoft.AspNetCore.Mvc;

namespace ReformFlow.Web.Pages.Instructors.Evaluations;

/// <summary>AS-2.3: the evaluations the reader may see (same scope as the API), newest year first.</summary>
public sealed class IndexModel(CurrentActor current, InstructorEvaluationService evaluations) : AppPageModel
{
    public IReadOnlyList<EvaluationRow> Rows { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var all = await evaluations.ListAsync(actor, null, ct);
        Years = all.Select(r => r.AcademicYear).Distinct().OrderDescending().ToList();
        Rows = Year is { } y ? all.Where(r => r.AcademicYear == y).ToList() : all;
    }
}
