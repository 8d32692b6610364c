using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Associations;

/// <summary>
/// What the draft form can tell its author at once, long before the rule refuses: AS-2.2 is enforced only when an
/// instructor accepts (after 20 sponsors were gathered), but a Party-membership mismatch is already visible in the draft.
/// Warnings, not refusals: the draft is always kept.
/// </summary>
public sealed class DraftChecks(ReformFlowDb db)
{
    /// <summary>AS-2.2: the chosen teachers (of the actor's university) who may not guide an association of this category.</summary>
    public async Task<IReadOnlyList<Reason>> InstructorWarningsAsync(Actor actor, AssociationCategory category, IReadOnlyCollection<string> staffNumbers, CancellationToken ct)
    {
        if (actor.UniversityId is not { } uni || staffNumbers.Count == 0 || !category.RequiresPartyMember()) return [];
        var numbers = staffNumbers.Take(50).ToList(); // a draft names a handful; the endpoint is not a bulk lookup
        var teachers = await db.Teachers.AsNoTracking().Where(t => t.UniversityId == uni && numbers.Contains(t.StaffNumber)).ToListAsync(ct);
        return teachers.OrderBy(t => t.StaffNumber, StringComparer.Ordinal)
            .Select(t => FoundingRules.CheckInstructorParty(category, t)).OfType<Reason>().ToList();
    }
}
