using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Workflows.Email;

/// <summary>
/// Which recipients of an email read it as students (<see cref="StudentReading"/>): the same rule as the pages, so a student
/// is not mailed the measure IDs a page would not show them, while officials keep them.
/// </summary>
public static class MailReaders
{
    /// <summary>The IDs of the users among <paramref name="users"/> who are students and nothing else.</summary>
    public static async Task<HashSet<string>> StudentsOnlyAsync(ReformFlowDb db, IReadOnlyCollection<AppUser> users, CancellationToken ct)
    {
        var students = users.Where(u => u.StudentId is not null).Select(u => u.Id).ToList();
        if (students.Count == 0) return [];
        var held = (await db.RoleAssignments.AsNoTracking().Where(a => students.Contains(a.UserId)).Select(a => new { a.UserId, a.Role }).ToListAsync(ct))
            .ToLookup(a => a.UserId, a => a.Role);
        // A teacher's Instructor role is implicit (ActorLoader), as is a student's Student role.
        return users.Where(u => StudentReading.IsStudentOnly(u.StudentId is not null,
                held[u.Id].Concat(u.TeacherId is not null ? [Role.Instructor] : Array.Empty<Role>())))
            .Select(u => u.Id).ToHashSet();
    }

    /// <summary>A subject or body as its recipient reads it.</summary>
    public static string For(bool studentOnly, string text) => studentOnly ? StudentReading.WithoutMeasures(text) : text;
}
