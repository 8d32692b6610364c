using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Associations;

/// <summary>A seat to record; every field optional to the JSON reader, so a missing one is refused with its reason.</summary>
/// <param name="UserName">the sign-in name of the person seated.</param>
/// <param name="DepartmentId">for a relevant department: which organisation unit.</param>
/// <param name="Since">defaults to today in the university's time zone.</param>
public sealed record SeatForm(string? UserName = null, CommitteeSeatRole? Role = null, CommitteeConstituency? Constituency = null,
    Guid? DepartmentId = null, DateOnly? Since = null);

/// <summary>
/// The association review committee's composition (AS-1.8), kept by the university's administrators. A seat is the
/// source of the committee roles: recording it grants its holder ReviewCommitteeMember (and ReviewCommitteeChair for the
/// chair's seat) for the university's review committee, in the same transaction; ending it removes them. One current seat
/// per person and one current chair per university. Role assignments made elsewhere are flagged by
/// <see cref="CommitteeQueries"/>, not changed here.
/// </summary>
public sealed class CommitteeService(ReformFlowDb db, TimeProvider clock, IOptions<Email.AppOptions> app)
{
    public async Task<CommitteeSeat> AddSeatAsync(Actor admin, SeatForm form, CancellationToken ct)
    {
        var uni = Check(admin);
        var problems = new List<Reason>();
        if (string.IsNullOrWhiteSpace(form.UserName)) problems.Add(new Reason("AS-1.8", "committee.user-required"));
        if (form.Role is null) problems.Add(new Reason("AS-1.8", "committee.role-required"));
        if (form.Constituency is null) problems.Add(new Reason("AS-1.8", "committee.constituency-required"));
        if (problems.Count > 0) throw new DomainException(problems);

        await using var tx = await db.BeginWriteAsync(ct);
        var userName = form.UserName!.Trim().ToUpperInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedUserName == userName && u.UniversityId == uni, ct)
            ?? throw DomainException.ForMeasure("AS-1.8", "committee.user-unknown", form.UserName.Trim());
        if (form.DepartmentId is { } dep && !await db.OrgUnits.AnyAsync(o => o.Id == dep && o.UniversityId == uni && o.Kind != OrgUnitKind.ReviewCommittee, ct))
            throw DomainException.ForMeasure("AS-1.8", "committee.department-unknown");
        var since = form.Since ?? Today();
        var seat = new CommitteeSeat(uni, user.Id, user.DisplayName, form.Role!.Value, form.Constituency!.Value, form.DepartmentId, since);
        if (await db.CommitteeSeats.AnyAsync(s => s.UniversityId == uni && s.UserId == user.Id && s.EndedOn == null, ct))
            throw DomainException.ForMeasure("AS-1.8", "committee.already-seated", user.DisplayName);
        if (seat.Role == CommitteeSeatRole.Chair && await db.CommitteeSeats.AnyAsync(s => s.UniversityId == uni && s.Role == CommitteeSeatRole.Chair && s.EndedOn == null, ct))
            throw DomainException.ForMeasure("AS-1.8", "committee.chair-taken");
        var unit = await CommitteeUnitAsync(uni, ct);

        db.CommitteeSeats.Add(seat);
        var held = await db.RoleAssignments.Where(r => r.UserId == user.Id && r.UniversityId == uni && r.OrgUnitId == unit).Select(r => r.Role).ToListAsync(ct);
        foreach (var role in RolesOf(seat.Role).Except(held))
            db.RoleAssignments.Add(new RoleAssignment(user.Id, role, uni, unit));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return seat;
    }

    /// <summary>Ends a current seat on <paramref name="on"/> (default today) and removes the committee roles it granted.</summary>
    public async Task<CommitteeSeat> EndSeatAsync(Actor admin, Guid seatId, DateOnly? on, CancellationToken ct)
    {
        var uni = Check(admin);
        await using var tx = await db.BeginWriteAsync(ct);
        var seat = await db.CommitteeSeats.SingleOrDefaultAsync(s => s.Id == seatId && s.UniversityId == uni, ct) ?? throw new NotFoundException("Seat");
        seat.End(on ?? Today());
        var unit = await CommitteeUnitAsync(uni, ct);
        var roles = RolesOf(CommitteeSeatRole.Chair).ToList();
        db.RoleAssignments.RemoveRange(await db.RoleAssignments
            .Where(r => r.UserId == seat.UserId && r.UniversityId == uni && r.OrgUnitId == unit && roles.Contains(r.Role)).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return seat;
    }

    /// <summary>The roles a seat needs: every seat gives opinions; the chair's seat decides too.</summary>
    public static IEnumerable<Role> RolesOf(CommitteeSeatRole role) => role == CommitteeSeatRole.Chair
        ? [Role.ReviewCommitteeMember, Role.ReviewCommitteeChair]
        : [Role.ReviewCommitteeMember];

    private async Task<Guid> CommitteeUnitAsync(Guid uni, CancellationToken ct) =>
        await db.OrgUnits.Where(o => o.UniversityId == uni && o.Kind == OrgUnitKind.ReviewCommittee).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct)
        ?? throw DomainException.ForMeasure("AS-1.8", "committee.no-unit");

    private DateOnly Today() => DateOnly.FromDateTime(app.Value.ToLocal(clock.GetUtcNow()).DateTime);

    private static Guid Check(Actor admin) =>
        admin.UniversityId is { } uni && admin.HoldsInUniversity(Role.UniversityAdmin, uni)
            ? uni
            : throw new ForbiddenActionException(new Reason(null, "access.denied"));
}
