using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;

namespace ReformFlow.Domain.Associations;

/// <summary>What the founding rules need to know about one sponsor, gathered from the database.</summary>
public sealed record SponsorFacts(Student Student, int OtherAssociationCount);

/// <summary>What the instructor rules need to know about one teacher.</summary>
public sealed record InstructorFacts(Teacher Teacher, bool InBank, int OtherAssociationsGuided);

/// <summary>
/// The founding rules of the association measures. Each check is side-effect free and returns every
/// unmet condition, so a person sees the whole list at once rather than one refusal at a time.
/// </summary>
public static class FoundingRules
{
    /// <summary>AS-1.1 says "more than 20"; the ministry's own forms treat it as at least 20.</summary>
    public const int MinimumSponsors = 20;
    public const int MaxAssociationsPerStudent = 2;
    public const int MaxAssociationsPerInstructor = 2;

    /// <summary>
    /// Invited sponsors (the initiator included) on one application: three times the AS-1.1 minimum leaves
    /// room for those who decline or turn out ineligible; every invitation is a task and an email.
    /// </summary>
    public const int MaxSponsorsPerApplication = 3 * MinimumSponsors;

    /// <summary>
    /// Invitations one initiator may send in 24 hours, over all their applications (re-invitations and
    /// invitations later withdrawn count too): enough to fill an application and re-invite, not to mail a college.
    /// </summary>
    public const int MaxInvitationsPerDay = 100;

    /// <summary>Applications a student may hold in draft at once: one being founded, with room to start over.</summary>
    public const int MaxOpenDraftsPerStudent = 3;

    /// <summary>The caps on invitations: <paramref name="sponsorsAfter"/> on the application, <paramref name="sentInLastDayAfter"/> by its initiator.</summary>
    public static IReadOnlyList<Reason> CheckInvitations(int sponsorsAfter, int sentInLastDayAfter)
    {
        var reasons = new List<Reason>();
        if (sponsorsAfter > MaxSponsorsPerApplication)
            reasons.Add(new Reason(null, "rule.sponsors-too-many-invited", MaxSponsorsPerApplication));
        if (sentInLastDayAfter > MaxInvitationsPerDay)
            reasons.Add(new Reason(null, "rule.invitations-per-day", MaxInvitationsPerDay));
        return reasons;
    }

    public static IReadOnlyList<Reason> CheckSubmit(AssociationApplication app, IReadOnlyList<SponsorFacts> confirmedSponsors, OrgUnit? guidanceUnit)
    {
        var reasons = new List<Reason>();
        if (string.IsNullOrWhiteSpace(app.Name) || string.IsNullOrWhiteSpace(app.Purpose))
            reasons.Add(new Reason(null, "application.incomplete"));
        if (confirmedSponsors.Count < MinimumSponsors)
            reasons.Add(new Reason("AS-1.1", "rule.sponsors-too-few", confirmedSponsors.Count, MinimumSponsors));
        foreach (var s in confirmedSponsors)
        {
            // The initiator reads this refusal: it names the sponsor but not why they do not qualify (status or
            // punishment are the student's own data, docs/decisions/0009); the deciding bodies see the reason on the application.
            if (!s.Student.HasFormalStatus || s.Student.HasActivePunishment)
                reasons.Add(new Reason("AS-1.1", "rule.sponsor-ineligible", s.Student.Name, s.Student.StudentNumber));
            if (s.OtherAssociationCount + 1 > MaxAssociationsPerStudent)
                reasons.Add(new Reason("AS-3.2", "rule.sponsor-too-many-associations", s.Student.Name, s.Student.StudentNumber, MaxAssociationsPerStudent));
        }
        reasons.AddRange(CheckGuidanceUnit(guidanceUnit));
        if (app.Instructors.Count == 0)
            reasons.Add(new Reason("AS-1.3", "rule.instructor-required"));
        if (!app.HasCharter)
            reasons.Add(new Reason("AS-1.4", "rule.charter-required"));
        if (!app.DeclaresNoOutsideSponsor || !app.DeclaresNoForeignAffairs)
            reasons.Add(new Reason("AS-1.6", "rule.declaration-required"));
        return reasons;
    }

    public static IReadOnlyList<Reason> CheckGuidanceUnit(OrgUnit? unit)
    {
        if (unit is null) return [new Reason("AS-1.2", "rule.guidance-unit-required")];
        if (!unit.CanBeGuidanceUnit) return [new Reason("AS-1.2", "rule.guidance-unit-kind", unit.Name)];
        // A deactivated unit stays in the history that names it but takes on no new association (by id through the API too).
        return unit.IsActive ? [] : [new Reason("AS-1.2", "structure.unit-inactive", unit.Name)];
    }

    /// <summary>AS-2.1, AS-2.2: may this teacher accept to guide an association of this category?</summary>
    public static IReadOnlyList<Reason> CheckInstructorAccept(AssociationCategory category, InstructorFacts facts)
    {
        var reasons = new List<Reason>();
        if (!facts.InBank)
            reasons.Add(new Reason("AS-2.1", "rule.instructor-not-in-bank", facts.Teacher.Name));
        if (facts.OtherAssociationsGuided + 1 > MaxAssociationsPerInstructor)
            reasons.Add(new Reason("AS-2.2", "rule.instructor-too-many", facts.Teacher.Name, MaxAssociationsPerInstructor));
        if (CheckInstructorParty(category, facts.Teacher) is { } party) reasons.Add(party);
        return reasons;
    }

    /// <summary>
    /// AS-2.2, the Party-membership part alone: the one definition both the instructor's acceptance and the draft
    /// form (which warns as soon as such a category and such a teacher are chosen) use.
    /// </summary>
    public static Reason? CheckInstructorParty(AssociationCategory category, Teacher teacher) =>
        category.RequiresPartyMember() && !teacher.IsPartyMember ? new Reason("AS-2.2", "rule.instructor-party-member", teacher.Name) : null;

    /// <summary>
    /// AS-3.1 and AS-3.2 again at registration: a sponsor may have lost formal status or joined other
    /// associations since the application was submitted, and only enrolled students become members.
    /// </summary>
    public static IReadOnlyList<Reason> CheckRegistration(IReadOnlyList<SponsorFacts> confirmedSponsors, bool anyInstructorAccepted)
    {
        var reasons = new List<Reason>();
        foreach (var s in confirmedSponsors.Where(s => !s.Student.HasFormalStatus))
            reasons.Add(new Reason("AS-3.1", "rule.sponsor-not-enrolled", s.Student.Name, s.Student.StudentNumber));
        foreach (var s in confirmedSponsors.Where(s => s.OtherAssociationCount + 1 > MaxAssociationsPerStudent))
            reasons.Add(new Reason("AS-3.2", "rule.sponsor-too-many-associations", s.Student.Name, s.Student.StudentNumber, MaxAssociationsPerStudent));
        if (!anyInstructorAccepted) reasons.Add(new Reason("AS-1.3", "rule.instructor-required"));
        return reasons;
    }
}
