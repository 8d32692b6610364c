using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Associations;

/// <summary>AS-2.3: the three results of the yearly instructor evaluation, used by members and by the decision alike.</summary>
public enum EvaluationResult { Excellent, Competent, Failed }

/// <summary>
/// AS-2.3 / AS-2.4: one instructor appointment's evaluation for one academic year. Members rate, the
/// guidance unit gives its opinion, the student work department decides. One per appointment and year
/// (a unique index), so opening the year twice creates nothing twice.
/// </summary>
public sealed class InstructorEvaluation
{
    public const int MaxTextLength = TextLimits.EvaluationText;

    private readonly List<MemberRating> _ratings = [];

    private InstructorEvaluation() { }

    public InstructorEvaluation(Guid universityId, InstructorAppointment appointment, int academicYear, DateTimeOffset openedAt, DateTimeOffset ratingEndsAt)
    {
        if (ratingEndsAt <= openedAt) throw DomainException.ForMeasure("AS-2.3", "evaluation.window-before-opening");
        Id = Guid.NewGuid();
        UniversityId = universityId;
        AppointmentId = appointment.Id;
        AssociationId = appointment.AssociationId;
        TeacherId = appointment.TeacherId;
        AcademicYear = academicYear;
        OpenedAt = openedAt;
        RatingEndsAt = ratingEndsAt;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid AppointmentId { get; private set; }
    public Guid AssociationId { get; private set; }
    public Guid TeacherId { get; private set; }
    /// <summary>The year the academic year starts in: 2026 is 2026–2027.</summary>
    public int AcademicYear { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }
    public DateTimeOffset RatingEndsAt { get; private set; }
    public DateTimeOffset? RatingClosedAt { get; private set; }
    public string? GuidanceOpinion { get; private set; }
    public EvaluationResult? Result { get; private set; }
    public string? DecisionReason { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public IReadOnlyList<MemberRating> Ratings => _ratings;

    public bool WindowOpen(DateTimeOffset now) => RatingClosedAt is null && now < RatingEndsAt;

    /// <summary>
    /// A current member's rating; rating again inside the window replaces the earlier one, so each member
    /// counts once. Whether the rater is a current member of an active association is checked by the process.
    /// </summary>
    public void Rate(Guid studentId, EvaluationResult rating, string? comment, DateTimeOffset now)
    {
        if (!Enum.IsDefined(rating)) throw new DomainException("evaluation.rating-invalid");
        if (!WindowOpen(now)) throw DomainException.ForMeasure("AS-2.3", "evaluation.window-closed");
        if (comment?.Trim().Length > MaxTextLength) throw new DomainException("evaluation.text-too-long", MaxTextLength);
        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (_ratings.FirstOrDefault(r => r.StudentId == studentId) is { } mine) mine.Change(rating, text, now);
        else _ratings.Add(new MemberRating(Id, studentId, rating, text, now));
    }

    public void CloseRating(DateTimeOffset now) => RatingClosedAt ??= now;

    public void RecordGuidanceOpinion(string? opinion)
    {
        if (string.IsNullOrWhiteSpace(opinion)) throw DomainException.ForMeasure("AS-2.3", "evaluation.opinion-required");
        if (opinion.Trim().Length > MaxTextLength) throw new DomainException("evaluation.text-too-long", MaxTextLength);
        GuidanceOpinion = opinion.Trim();
    }

    /// <summary>AS-2.4: the student work department's result; "failed" dismisses, so it needs its reasons on record.</summary>
    public void Decide(EvaluationResult result, string? reason, DateTimeOffset now)
    {
        if (Result is not null) throw DomainException.ForMeasure("AS-2.3", "evaluation.already-decided");
        if (result == EvaluationResult.Failed && string.IsNullOrWhiteSpace(reason))
            throw DomainException.ForMeasure("AS-2.4", "evaluation.failed-reason-required");
        if (reason?.Trim().Length > MaxTextLength) throw new DomainException("evaluation.text-too-long", MaxTextLength);
        Result = result;
        DecisionReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        DecidedAt = now;
    }

    public int Count(EvaluationResult rating) => _ratings.Count(r => r.Rating == rating);
}

/// <summary>One member's rating of their instructor, with an optional comment.</summary>
public sealed class MemberRating
{
    private MemberRating() { }

    internal MemberRating(Guid evaluationId, Guid studentId, EvaluationResult rating, string? comment, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        EvaluationId = evaluationId;
        StudentId = studentId;
        Rating = rating;
        Comment = comment;
        RatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid EvaluationId { get; private set; }
    public Guid StudentId { get; private set; }
    public EvaluationResult Rating { get; private set; }
    public string? Comment { get; private set; }
    public DateTimeOffset RatedAt { get; private set; }

    internal void Change(EvaluationResult rating, string? comment, DateTimeOffset now)
    {
        Rating = rating;
        Comment = comment;
        RatedAt = now;
    }
}
