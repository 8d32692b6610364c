namespace ReformFlow.Domain.Associations;

/// <summary>What the review committee may decide about an association at any time (AS-1.10).</summary>
public enum SanctionAction { Suspend, Reinstate, Ban, Cancel }

/// <summary>
/// One recorded decision of the review committee's chair on an association (AS-1.10): who, when, what, why,
/// the status before and after, and for a suspension the date on which it is to be reviewed. Never changed
/// afterwards except to note that the review reminder went out.
/// </summary>
public sealed class AssociationSanction
{
    private AssociationSanction() { Reason = DecidedByUserId = DecidedByName = ""; }

    public AssociationSanction(Guid universityId, Guid associationId, SanctionAction action, AssociationStatus from, AssociationStatus to,
        string reason, DateOnly? reviewOn, string decidedByUserId, string decidedByName, DateTimeOffset decidedAt)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        AssociationId = associationId;
        Action = action;
        FromStatus = from;
        ToStatus = to;
        Reason = reason;
        ReviewOn = reviewOn;
        DecidedByUserId = decidedByUserId;
        DecidedByName = decidedByName;
        DecidedAt = decidedAt;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid AssociationId { get; private set; }
    public SanctionAction Action { get; private set; }
    public AssociationStatus FromStatus { get; private set; }
    public AssociationStatus ToStatus { get; private set; }
    public string Reason { get; private set; }
    public DateOnly? ReviewOn { get; private set; }
    public string DecidedByUserId { get; private set; }
    public string DecidedByName { get; private set; }
    public DateTimeOffset DecidedAt { get; private set; }
    /// <summary>When the chair was reminded that the suspension's review date had come (once).</summary>
    public DateTimeOffset? ReviewRemindedAt { get; private set; }

    public void MarkReviewReminded(DateTimeOffset now) => ReviewRemindedAt ??= now;
}
