using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Associations;

public sealed record SeatRow(Guid Id, string UserName, string Name, CommitteeSeatRole Role, CommitteeConstituency Constituency,
    Guid? DepartmentId, string? Department, string? DepartmentEn, DateOnly Since, DateOnly? EndedOn);

public sealed record DepartmentOption(Guid Id, string Name, string NameEn);

/// <summary>
/// The committee as recorded (AS-1.8 computed): current and past seats, the constituencies it lacks, and where the
/// seats and the role assignments disagree — a committee role held without a seat, or a seat whose role was removed.
/// </summary>
public sealed record CommitteeView(IReadOnlyList<SeatRow> Current, IReadOnlyList<SeatRow> Past, IReadOnlyList<Reason> Missing,
    IReadOnlyList<string> RolesWithoutSeat, IReadOnlyList<string> SeatsWithoutRole, bool CanEdit, IReadOnlyList<DepartmentOption> Departments);

public sealed class CommitteeQueries(ReformFlowDb db)
{
    /// <summary>Who sees the committee: its chair and members, the student work department and the administrators.</summary>
    public static bool MaySee(Actor actor) =>
        actor.Holds(Role.ReviewCommitteeChair) || actor.Holds(Role.ReviewCommitteeMember) || actor.Holds(Role.StudentWorkDepartment) || actor.Holds(Role.UniversityAdmin);

    public async Task<CommitteeView> GetAsync(Actor actor, CancellationToken ct)
    {
        if (actor.UniversityId is not { } uni || !MaySee(actor)) throw new ForbiddenActionException(new Reason("AS-1.8", "access.committee-readers-only"));
        var units = await db.OrgUnits.AsNoTracking().Where(o => o.UniversityId == uni)
            .Select(o => new { o.Id, o.Name, o.NameEn, o.Kind, IsActive = o.DeactivatedAt == null }).ToListAsync(ct);
        var seats = await db.CommitteeSeats.AsNoTracking().Where(s => s.UniversityId == uni).ToListAsync(ct);
        var seatUsers = seats.Select(s => s.UserId).Distinct().ToList();
        var holders = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.UniversityId == uni && (r.Role == Role.ReviewCommitteeChair || r.Role == Role.ReviewCommitteeMember))
            .Select(r => new { r.UserId, r.Role }).ToListAsync(ct);
        var people = seatUsers.Concat(holders.Select(h => h.UserId)).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => (u.UserName ?? "", u.DisplayName), ct);

        SeatRow Row(CommitteeSeat s)
        {
            var dep = units.FirstOrDefault(u => u.Id == s.DepartmentId);
            return new SeatRow(s.Id, users.GetValueOrDefault(s.UserId).Item1 ?? "", s.Name, s.Role, s.Constituency, s.DepartmentId, dep?.Name, dep?.NameEn, s.Since, s.EndedOn);
        }
        var current = seats.Where(s => s.IsCurrent).ToList();
        string Who(string userId) => users.TryGetValue(userId, out var u) ? $"{u.DisplayName} ({u.Item1})" : userId;
        var rolesWithoutSeat = holders.Where(h => !current.Any(s => s.UserId == h.UserId && CommitteeService.RolesOf(s.Role).Contains(h.Role)))
            .Select(h => h.UserId).Distinct().Select(Who).ToList();
        var seatsWithoutRole = current.Where(s => CommitteeService.RolesOf(s.Role).Any(r => !holders.Any(h => h.UserId == s.UserId && h.Role == r)))
            .Select(s => Who(s.UserId)).ToList();
        return new CommitteeView(
            current.OrderBy(s => s.Role).ThenBy(s => s.Constituency).ThenBy(s => s.Since).Select(Row).ToList(),
            seats.Where(s => !s.IsCurrent).OrderByDescending(s => s.EndedOn).Select(Row).ToList(),
            CommitteeComposition.Missing(seats), rolesWithoutSeat, seatsWithoutRole,
            actor.HoldsInUniversity(Role.UniversityAdmin, uni),
            units.Where(u => u.IsActive && u.Kind != Domain.Organisation.OrgUnitKind.ReviewCommittee && u.Kind != Domain.Organisation.OrgUnitKind.ClassLeagueBranch)
                .OrderBy(u => u.Kind).ThenBy(u => u.Name).Select(u => new DepartmentOption(u.Id, u.Name, u.NameEn)).ToList());
    }
}
