using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Associations;

/// <summary>
/// AS-2.1, AS-2.2, AS-1.3: the leaders' proposal to re-appoint an association's instructor for another year, or to
/// appoint another teacher from the bank. The teacher accepts, the guidance unit approves, and then
/// <see cref="Complete"/> restarts the term (or makes the new appointment). The founding guards are checked by the
/// process at every step; this entity keeps what was proposed and what came of it.
/// </summary>
public sealed class InstructorRenewal
{
    /// <summary>A running term can be renewed from this long before it ends: earlier, leaders would stack years in advance.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(60);

    private InstructorRenewal() { }

    public InstructorRenewal(Guid universityId, Guid associationId, Guid teacherId, InstructorAppointment? current, Guid proposedByStudentId, DateTimeOffset now)
    {
        if (current is not null && (current.AssociationId != associationId || current.TeacherId != teacherId))
            throw new ArgumentException("The appointment renewed must be this teacher's in this association.", nameof(current));
        Id = Guid.NewGuid();
        UniversityId = universityId;
        AssociationId = associationId;
        TeacherId = teacherId;
        RenewsAppointmentId = current?.Id;
        ProposedByStudentId = proposedByStudentId;
        ProposedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid AssociationId { get; private set; }
    public Guid TeacherId { get; private set; }
    /// <summary>The teacher's appointment in this association that is renewed; null when another teacher is appointed.</summary>
    public Guid? RenewsAppointmentId { get; private set; }
    public Guid ProposedByStudentId { get; private set; }
    public DateTimeOffset ProposedAt { get; private set; }
    /// <summary>The appointment renewed or made on approval, and its new end.</summary>
    public Guid? ResultAppointmentId { get; private set; }
    public DateTimeOffset? TermEndsAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    public bool IsReappointment => RenewsAppointmentId is not null;

    /// <summary>AS-2.2: too early while the renewed term runs for more than <see cref="Window"/>.</summary>
    public static bool TooEarly(InstructorAppointment current, DateTimeOffset now) => current.EndsAt - now > Window;

    /// <summary>
    /// On approval: the renewed appointment's term restarts for one year, or <paramref name="current"/> is null and a
    /// new one-year appointment starts now. Returns the new appointment to add, or null when one was renewed.
    /// </summary>
    public InstructorAppointment? Complete(InstructorAppointment? current, DateTimeOffset now)
    {
        if (CompletedAt is not null) throw new DomainException("rule.renewal-already-completed");
        InstructorAppointment? made = null;
        if (IsReappointment)
        {
            if (current is null || current.Id != RenewsAppointmentId) throw new ArgumentException("The renewed appointment is needed.", nameof(current));
            current.Renew(now);
        }
        else
        {
            made = new InstructorAppointment(UniversityId, AssociationId, TeacherId, now);
        }
        var appointment = current ?? made!;
        ResultAppointmentId = appointment.Id;
        TermEndsAt = appointment.EndsAt;
        CompletedAt = now;
        return made;
    }
}
