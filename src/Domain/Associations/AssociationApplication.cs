using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Associations;

/// <summary>
/// An application to found a student association (AS-1.x). The workflow state lives on the
/// workflow instance; this aggregate holds what the application says and who has agreed to it.
/// </summary>
public sealed class AssociationApplication
{
    public const int MaxNameLength = TextLimits.AssociationName;
    public const int MaxPurposeLength = TextLimits.Purpose;
    public const int MaxCharterTextLength = TextLimits.CharterText;

    private readonly List<Sponsor> _sponsors = [];
    private readonly List<ProposedInstructor> _instructors = [];
    private readonly List<CommitteeOpinion> _opinions = [];

    private AssociationApplication() { Name = Purpose = ""; }

    public AssociationApplication(Guid universityId, Guid initiatorStudentId, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        InitiatorStudentId = initiatorStudentId;
        Name = Purpose = "";
        CreatedAt = now;
        // The initiator is the first sponsor and has obviously agreed.
        _sponsors.Add(new Sponsor(Id, initiatorStudentId, SponsorStatus.Confirmed, now));
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid InitiatorStudentId { get; private set; }
    public string Name { get; private set; }
    public AssociationCategory Category { get; private set; }
    public string Purpose { get; private set; }
    public Guid? GuidanceUnitId { get; private set; }
    public string? CharterText { get; private set; }
    public Guid? CharterAttachmentId { get; private set; }
    public string? CharterFileName { get; private set; }
    /// <summary>AS-1.6: no enterprise, social institution or individual sponsors or names it.</summary>
    public bool DeclaresNoOutsideSponsor { get; private set; }
    /// <summary>AS-1.6: it involves no foreign affairs.</summary>
    public bool DeclaresNoForeignAffairs { get; private set; }
    /// <summary>Company-like words found in the name (AS-1.6), shown to reviewers; empty when none.</summary>
    public string NameFlags { get; private set; } = "";
    public string? LastReturnComment { get; private set; }
    public Guid? AssociationId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }

    public IReadOnlyList<Sponsor> Sponsors => _sponsors;
    public IReadOnlyList<ProposedInstructor> Instructors => _instructors;
    public IReadOnlyList<CommitteeOpinion> Opinions => _opinions;

    public int ConfirmedSponsorCount => _sponsors.Count(s => s.Status == SponsorStatus.Confirmed);
    public bool HasCharter => !string.IsNullOrWhiteSpace(CharterText) || CharterAttachmentId is not null;

    public void Edit(string name, AssociationCategory category, string purpose, Guid guidanceUnitId,
        string? charterText, bool declaresNoOutsideSponsor, bool declaresNoForeignAffairs)
    {
        var problems = new List<Reason>();
        name = (name ?? "").Trim();
        purpose = (purpose ?? "").Trim();
        if (name.Length == 0) problems.Add(new Reason(null, "application.name-required"));
        if (name.Length > MaxNameLength) problems.Add(new Reason(null, "application.name-too-long", MaxNameLength));
        if (purpose.Length == 0) problems.Add(new Reason(null, "application.purpose-required"));
        if (purpose.Length > MaxPurposeLength) problems.Add(new Reason(null, "application.purpose-too-long", MaxPurposeLength));
        if (charterText is { Length: > MaxCharterTextLength }) problems.Add(new Reason("AS-1.4", "application.charter-too-long", MaxCharterTextLength));
        if (!Enum.IsDefined(category)) problems.Add(new Reason(null, "application.category-invalid"));
        if (problems.Count > 0) throw new DomainException(problems);

        Name = name;
        Category = category;
        Purpose = purpose;
        GuidanceUnitId = guidanceUnitId;
        CharterText = string.IsNullOrWhiteSpace(charterText) ? null : charterText.Trim();
        DeclaresNoOutsideSponsor = declaresNoOutsideSponsor;
        DeclaresNoForeignAffairs = declaresNoForeignAffairs;
        NameFlags = string.Join(", ", NameScreening.CompanyLikeWords(name));
    }

    public void AttachCharter(Guid attachmentId, string fileName)
    {
        TextLimits.Check(fileName, TextLimits.FileName, TextField.FileName);
        CharterAttachmentId = attachmentId;
        CharterFileName = fileName;
    }

    public void ProposeInstructors(IEnumerable<Guid> teacherIds)
    {
        var ids = teacherIds.Distinct().ToList();
        if (ids.Count > 3) throw new DomainException("application.too-many-instructors", 3);
        _instructors.RemoveAll(i => !ids.Contains(i.TeacherId));
        foreach (var id in ids.Where(id => _instructors.All(i => i.TeacherId != id)))
            _instructors.Add(new ProposedInstructor(Id, id));
    }

    /// <summary>
    /// Invites students to sponsor; returns those newly invited (already-invited ones are left as they are).
    /// <paramref name="sentInLastDay"/> is how many invitations the initiator sent in the last 24 hours;
    /// past either cap of <see cref="FoundingRules.CheckInvitations"/> nobody is invited.
    /// </summary>
    public IReadOnlyList<Sponsor> InviteSponsors(IEnumerable<Guid> studentIds, int sentInLastDay = 0)
    {
        var ids = studentIds.Distinct().ToList();
        var newcomers = ids.Count(id => _sponsors.All(s => s.StudentId != id));
        var reinvited = ids.Count(id => _sponsors.Any(s => s.StudentId == id && s.Status == SponsorStatus.Declined));
        var caps = FoundingRules.CheckInvitations(_sponsors.Count + newcomers, sentInLastDay + newcomers + reinvited);
        if (caps.Count > 0) throw new DomainException(caps);
        var added = new List<Sponsor>();
        foreach (var id in ids)
        {
            var existing = _sponsors.FirstOrDefault(s => s.StudentId == id);
            if (existing is null)
            {
                var s = new Sponsor(Id, id, SponsorStatus.Invited, null);
                _sponsors.Add(s);
                added.Add(s);
            }
            else if (existing.Status == SponsorStatus.Declined)
            {
                existing.Reinvite();
                added.Add(existing);
            }
        }
        return added;
    }

    public void RemoveSponsor(Guid studentId)
    {
        if (studentId == InitiatorStudentId) throw new DomainException("application.initiator-cannot-be-removed");
        _sponsors.RemoveAll(s => s.StudentId == studentId);
    }

    public void RespondAsSponsor(Guid studentId, bool confirm, DateTimeOffset now)
    {
        var sponsor = _sponsors.FirstOrDefault(s => s.StudentId == studentId)
            ?? throw new DomainException("application.not-invited-sponsor");
        sponsor.Respond(confirm, now);
    }

    public ProposedInstructor InstructorFor(Guid teacherId) =>
        _instructors.FirstOrDefault(i => i.TeacherId == teacherId) ?? throw new DomainException("application.not-proposed-instructor");

    public void RespondAsInstructor(Guid teacherId, bool accept, string? comment, DateTimeOffset now) =>
        InstructorFor(teacherId).Respond(accept, TextLimits.Check(comment, TextLimits.Comment, TextField.Comment), now);

    public bool AllInstructorsResponded => _instructors.Count > 0 && _instructors.All(i => i.Response != InstructorResponse.Pending);
    public bool AnyInstructorAccepted => _instructors.Any(i => i.Response == InstructorResponse.Accepted);

    public void MarkSubmitted(DateTimeOffset now)
    {
        SubmittedAt = now;
        LastReturnComment = null;
        // A resubmission asks every instructor again: the application may have changed.
        foreach (var i in _instructors) i.Reset();
        _opinions.Clear();
    }

    public void MarkReturned(string? comment) => LastReturnComment = TextLimits.Check(comment, TextLimits.Comment, TextField.Comment);

    public void RecordOpinion(string memberUserId, string memberName, CommitteeVote vote, string? comment, DateTimeOffset now)
    {
        TextLimits.Check(comment, TextLimits.Comment, TextField.Comment);
        _opinions.RemoveAll(o => o.MemberUserId == memberUserId);
        _opinions.Add(new CommitteeOpinion(Id, memberUserId, memberName, vote, comment, now));
    }

    public void MarkRegistered(Guid associationId) => AssociationId = associationId;
}
