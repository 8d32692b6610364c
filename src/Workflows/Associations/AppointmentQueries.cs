using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Associations;

public static class AppointmentQueries
{
    /// <summary>
    /// Instructor appointments in office at <paramref name="now"/> (AS-2.2, AS-1.3): not ended early (a dismissal, AS-2.4)
    /// and within their one-year term. What "an association's instructor" and "the associations a teacher guides" count:
    /// the limit of 2 per instructor, the association without an instructor, the evaluation, who sees an association.
    /// Inside another query's lambda, take it into a local first (<c>var running = db.RunningAppointments(now);</c>), which
    /// EF inlines as a captured query.
    /// </summary>
    public static IQueryable<InstructorAppointment> RunningAppointments(this ReformFlowDb db, DateTimeOffset now) =>
        db.InstructorAppointments.Where(InstructorAppointment.RunningAt(now));
}
