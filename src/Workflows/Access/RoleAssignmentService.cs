using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Access;

public sealed record AssignRoleForm(string? UserName = null, Role? Role = null, Guid? OrgUnitId = null);

public sealed record RoleFilter(Role? Role = null, Guid? OrgUnitId = null, string? Unit = null, string? Person = null, int Page = 1);

public sealed record RoleAssignmentRow(Guid Id, string UserName, string DisplayName, Role Role, Guid? OrgUnitId, string? Unit, string? UnitEn, OrgUnitKind? UnitKind);

public sealed record PersonRow(string UserName, string DisplayName, bool IsStudent, bool IsTeacher, bool HasPassword, bool Locked);

/// <summary>
/// Who holds which role for which unit, kept by the university's administrators. A role is held for a unit of the
/// kind its checks look for (<see cref="UnitKindsFor"/>); the administrator role has no unit; Student and Instructor
/// are never assigned, they follow from the linked student or teacher record (ActorLoader). Granting or removing a
/// role renews the holder's security stamp in the same save (SecurityStamps), so their open sessions end at once.
/// </summary>
public sealed class RoleAssignmentService(ReformFlowDb db, TimeProvider clock)
{
    public const int PageSize = 50;

    /// <summary>The unit kinds a role may be held for; empty: the role has no unit; null: not assignable here.</summary>
    public static OrgUnitKind[]? UnitKindsFor(Role role) => role switch
    {
        Role.GuidanceUnitReviewer => [OrgUnitKind.FunctionalDepartment, OrgUnitKind.CollegeParty, OrgUnitKind.ResearchInstitute], // AS-1.2
        Role.ReviewCommitteeMember or Role.ReviewCommitteeChair => [OrgUnitKind.ReviewCommittee],
        Role.StudentWorkDepartment => [OrgUnitKind.StudentWorkDepartment],
        Role.SchoolLeagueCommittee => [OrgUnitKind.SchoolLeagueCommittee],
        Role.SchoolPartyCommittee => [OrgUnitKind.SchoolPartyCommittee],
        Role.CollegeLeague => [OrgUnitKind.CollegeLeague],
        Role.CollegeParty => [OrgUnitKind.CollegeParty],
        Role.ClassLeagueBranch => [OrgUnitKind.ClassLeagueBranch],
        Role.UniversityAdmin => [],
        _ => null,
    };

    public static IEnumerable<Role> Assignable => Enum.GetValues<Role>().Where(r => UnitKindsFor(r) is not null);

    public async Task<RoleAssignmentRow> AssignAsync(Actor admin, AssignRoleForm form, CancellationToken ct)
    {
        var uni = AdminUniversity(admin);
        if (form.Role is not { } role || !Enum.IsDefined(role)) throw new DomainException("roles.role-required");
        var kinds = UnitKindsFor(role) ?? throw new DomainException("roles.not-assignable", role);
        await using var tx = await db.BeginWriteAsync(ct);
        var user = await FindUserAsync(uni, form.UserName, ct);
        OrgUnit? unit = null;
        if (kinds.Length == 0)
        {
            if (form.OrgUnitId is not null) throw new DomainException("roles.no-unit", role);
        }
        else
        {
            unit = form.OrgUnitId is { } uid ? await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(o => o.Id == uid && o.UniversityId == uni, ct) : null;
            if (unit is null) throw new DomainException("roles.unit-required", role);
            if (!kinds.Contains(unit.Kind)) throw new DomainException("roles.unit-kind", role, unit.Kind);
            if (!unit.IsActive) throw new DomainException("roles.unit-inactive", unit.Name);
        }
        var unitId = unit?.Id;
        if (await db.RoleAssignments.AnyAsync(a => a.UserId == user.Id && a.Role == role && a.UniversityId == uni && a.OrgUnitId == unitId, ct))
            throw new DomainException("roles.duplicate");
        var assignment = new RoleAssignment(user.Id, role, uni, unit?.Id);
        db.RoleAssignments.Add(assignment);
        AuditEntry.Add(db, clock.GetUtcNow(), uni, admin, AuditKind.RoleAssigned, user.UserName!, $"role={role}" + (unit is null ? "" : $" unit={unit.Name}"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new RoleAssignmentRow(assignment.Id, user.UserName!, user.DisplayName, role, unit?.Id, unit?.Name, unit?.NameEn, unit?.Kind);
    }

    /// <summary>Removes an assignment of the admin's university; the last administrator role of the university stays.</summary>
    public async Task RemoveAsync(Actor admin, Guid id, CancellationToken ct)
    {
        var uni = AdminUniversity(admin);
        await using var tx = await db.BeginWriteAsync(ct);
        var a = await db.RoleAssignments.SingleOrDefaultAsync(x => x.Id == id && x.UniversityId == uni, ct) ?? throw new NotFoundException("role assignment");
        if (a.Role == Role.UniversityAdmin && await db.RoleAssignments.CountAsync(x => x.Role == Role.UniversityAdmin && x.UniversityId == uni, ct) <= 1)
            throw new DomainException("roles.last-admin");
        var user = await db.Users.AsNoTracking().Where(u => u.Id == a.UserId).Select(u => u.UserName).SingleOrDefaultAsync(ct) ?? a.UserId;
        var unit = a.OrgUnitId is { } oid ? await db.OrgUnits.AsNoTracking().Where(o => o.Id == oid).Select(o => o.Name).SingleOrDefaultAsync(ct) : null;
        db.RoleAssignments.Remove(a);
        AuditEntry.Add(db, clock.GetUtcNow(), uni, admin, AuditKind.RoleRemoved, user, $"role={a.Role}" + (unit is null ? "" : $" unit={unit}"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task<Paged<RoleAssignmentRow>> ListAsync(Actor admin, RoleFilter f, CancellationToken ct)
    {
        var uni = AdminUniversity(admin);
        var rows = from a in db.RoleAssignments.AsNoTracking()
                   join u in db.Users.AsNoTracking() on a.UserId equals u.Id
                   join o in db.OrgUnits.AsNoTracking() on a.OrgUnitId equals o.Id into os
                   from o in os.DefaultIfEmpty()
                   where a.UniversityId == uni
                   select new { a, u, o };
        if (f.Role is { } r) rows = rows.Where(x => x.a.Role == r);
        if (f.OrgUnitId is { } unitId) rows = rows.Where(x => x.a.OrgUnitId == unitId);
        if (Term(f.Unit) is { } ut) rows = rows.Where(x => x.o != null && (x.o.Name.Contains(ut) || x.o.NameEn.ToLower().Contains(ut.ToLower())));
        if (Term(f.Person) is { } pt) rows = rows.Where(x => x.u.UserName!.Contains(pt) || x.u.DisplayName.Contains(pt));
        var page = Math.Max(1, f.Page);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderBy(x => x.a.Role).ThenBy(x => x.o == null ? "" : x.o.Name).ThenBy(x => x.u.UserName)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(x => new RoleAssignmentRow(x.a.Id, x.u.UserName!, x.u.DisplayName, x.a.Role, x.a.OrgUnitId,
                x.o == null ? null : x.o.Name, x.o == null ? null : x.o.NameEn, x.o == null ? null : x.o.Kind)).ToListAsync(ct);
        return new Paged<RoleAssignmentRow>(items, page, PageSize, total);
    }

    /// <summary>Accounts of the university by user name (number) or name, for the pickers and the accounts page: 20 a page.</summary>
    public async Task<Paged<PersonRow>> PeopleAsync(Actor admin, string? q, int page, CancellationToken ct)
    {
        var uni = AdminUniversity(admin);
        var rows = db.Users.AsNoTracking().Where(u => u.UniversityId == uni);
        if (Term(q) is { } t) rows = rows.Where(u => u.UserName!.Contains(t) || u.DisplayName.Contains(t));
        page = Math.Max(1, page);
        var total = await rows.CountAsync(ct);
        var now = clock.GetUtcNow();
        var items = await rows.OrderBy(u => u.UserName).Skip((page - 1) * 20).Take(20)
            .Select(u => new { u.UserName, u.DisplayName, u.StudentId, u.TeacherId, u.PasswordHash, u.LockoutEnd }).ToListAsync(ct);
        return new Paged<PersonRow>(items.Select(u => new PersonRow(u.UserName!, u.DisplayName, u.StudentId != null, u.TeacherId != null,
            u.PasswordHash != null, u.LockoutEnd > now)).ToList(), page, 20, total);
    }

    private async Task<AppUser> FindUserAsync(Guid uni, string? userName, CancellationToken ct)
    {
        var name = (userName ?? "").Trim().ToUpperInvariant();
        if (name.Length == 0) throw new DomainException("roles.person-required");
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == name && u.UniversityId == uni, ct)
               ?? throw new DomainException("roles.person-unknown", userName!.Trim());
    }

    public static Guid AdminUniversity(Actor admin) =>
        admin.UniversityId is { } uni && admin.HoldsInUniversity(Role.UniversityAdmin, uni)
            ? uni : throw new ForbiddenActionException(new Reason(null, "access.admin-only"));

    private static string? Term(string? q) => string.IsNullOrWhiteSpace(q) ? null : q.Trim();
}
