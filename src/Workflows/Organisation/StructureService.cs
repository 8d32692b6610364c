using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Organisation;

// Every field is optional to the JSON reader: a missing one is refused by the domain, with its reason.
public sealed record CollegeForm(string? Code = null, string? Name = null, string? NameEn = null);
/// <param name="CollegeId">the college of a new major; an edit keeps the major's college.</param>
public sealed record MajorForm(Guid? CollegeId = null, string? Name = null, string? NameEn = null);
/// <param name="MajorId">the major of a new class; an edit keeps the class's major. NameEn defaults to Name for a new class.</param>
public sealed record ClassForm(Guid? MajorId = null, int? Grade = null, string? Name = null, string? NameEn = null);
/// <param name="Kind">the kind of a new unit; an edit keeps it.</param>
public sealed record UnitForm(OrgUnitKind? Kind = null, string? Name = null, string? NameEn = null, Guid? CollegeId = null);

/// <summary>
/// A university's structure, kept by its administrators: colleges, majors, classes and organisation units.
/// Nothing is ever deleted, since applications, memberships and roles refer to these rows; a deactivated one
/// stays in history and is no longer offered for new work. Within a university a college's code and name,
/// a major's name within its college, a class's name and a unit's name within its kind are unique.
/// </summary>
public sealed class StructureService(ReformFlowDb db, TimeProvider clock)
{
    public async Task<College> CreateCollegeAsync(Actor admin, CollegeForm form, CancellationToken ct)
    {
        var uni = Check(admin);
        var college = new College(uni, form.Code ?? "", form.Name ?? "", form.NameEn ?? "");
        await using var tx = await db.BeginWriteAsync(ct);
        await RefuseDuplicateCollegeAsync(uni, college.Id, college.Code, college.Name, ct);
        db.Colleges.Add(college);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return college;
    }

    public async Task<College> EditCollegeAsync(Actor admin, Guid id, CollegeForm form, CancellationToken ct)
    {
        var uni = Check(admin);
        await using var tx = await db.BeginWriteAsync(ct);
        var college = await db.Colleges.SingleOrDefaultAsync(c => c.Id == id && c.UniversityId == uni, ct) ?? throw new NotFoundException("College");
        college.Edit(form.Code ?? "", form.Name ?? "", form.NameEn ?? "");
        await RefuseDuplicateCollegeAsync(uni, id, college.Code, college.Name, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return college;
    }

    public async Task<Major> CreateMajorAsync(Actor admin, MajorForm form, CancellationToken ct)
    {
        var uni = Check(admin);
        await using var tx = await db.BeginWriteAsync(ct);
        var college = await ActiveCollegeAsync(uni, form.CollegeId, ct);
        var major = new Major(uni, college.Id, form.Name ?? "", form.NameEn ?? "");
        await RefuseDuplicateMajorAsync(major, ct);
        db.Majors.Add(major);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return major;
    }

    public async Task<Major> EditMajorAsync(Actor admin, Guid id, MajorForm form, CancellationToken ct)
    {
        var uni = Check(admin);
        await using var tx = await db.BeginWriteAsync(ct);
        var major = await db.Majors.SingleOrDefaultAsync(m => m.Id == id && m.UniversityId == uni, ct) ?? throw new NotFoundException("Major");
        major.Edit(form.Name ?? "", form.NameEn ?? "");
        await RefuseDuplicateMajorAsync(major, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return major;
    }

    public async Task<ClassGroup> CreateClassAsync(Actor admin, ClassForm form, CancellationToken ct)
    {
        var uni = Check(admin);
        await using var tx = await db.BeginWriteAsync(ct);
        var major = form.MajorId is { } mid ? await db.Majors.SingleOrDefaultAsync(m => m.Id == mid && m.UniversityId == uni, ct) : null;
        if (major is null) throw new DomainException("structure.major-unknown");
        if (!major.IsActive) throw new DomainException("structure.major-inactive", major.Name);
        var group = new ClassGroup(uni, major.Id, form.Grade ?? 0, form.Name ?? "", form.NameEn);
        await RefuseDuplicateClassAsync(group, ct);
        db.ClassGroups.Add(group);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return group;
    }

    public async Task<ClassGroup> EditClassAsync(Actor admin, Guid id, ClassForm form, CancellationToken ct)
    {
        var uni = Check(admin);
        await using var tx = await db.BeginWriteAsync(ct);
        var group = await db.ClassGroups.SingleOrDefaultAsync(g => g.Id == id && g.UniversityId == uni, ct) ?? throw new NotFoundException("Class");
        group.Edit(form.Grade ?? 0, form.Name ?? "", form.NameEn ?? "");
        await RefuseDuplicateClassAsync(group, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return group;
    }

    public async Task<OrgUnit> CreateUnitAsync(Actor admin, UnitForm form, CancellationToken ct)
    {
        var uni = Check(admin);
        if (form.Kind is not { } kind || !Enum.IsDefined(kind)) throw new DomainException("structure.kind-required");
        await using var tx = await db.BeginWriteAsync(ct);
        var collegeId = form.CollegeId is null ? null : (Guid?)(await ActiveCollegeAsync(uni, form.CollegeId, ct)).Id;
        var unit = new OrgUnit(uni, kind, form.Name ?? "", form.NameEn ?? "", collegeId);
        await RefuseDuplicateUnitAsync(unit, ct);
        db.OrgUnits.Add(unit);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return unit;
    }

    public async Task<OrgUnit> EditUnitAsync(Actor admin, Guid id, UnitForm form, CancellationToken ct)
    {
        var uni = Check(admin);
        await using var tx = await db.BeginWriteAsync(ct);
        var unit = await db.OrgUnits.SingleOrDefaultAsync(o => o.Id == id && o.UniversityId == uni, ct) ?? throw new NotFoundException("Unit");
        // A unit keeps its college unless another is named; moving it to an inactive college is refused like creating one there.
        var collegeId = form.CollegeId is null || form.CollegeId == unit.CollegeId ? unit.CollegeId : (await ActiveCollegeAsync(uni, form.CollegeId, ct)).Id;
        unit.Edit(form.Name ?? "", form.NameEn ?? "", collegeId);
        await RefuseDuplicateUnitAsync(unit, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return unit;
    }

    /// <summary>Deactivates (active: false) or reactivates a college, major, class or unit of the admin's university.</summary>
    public async Task SetActiveAsync(Actor admin, StructureKind kind, Guid id, bool active, CancellationToken ct)
    {
        var uni = Check(admin);
        await using var tx = await db.BeginWriteAsync(ct);
        Deactivatable item = kind switch
        {
            StructureKind.College => (Deactivatable?)await db.Colleges.SingleOrDefaultAsync(x => x.Id == id && x.UniversityId == uni, ct),
            StructureKind.Major => await db.Majors.SingleOrDefaultAsync(x => x.Id == id && x.UniversityId == uni, ct),
            StructureKind.Class => await db.ClassGroups.SingleOrDefaultAsync(x => x.Id == id && x.UniversityId == uni, ct),
            _ => await db.OrgUnits.SingleOrDefaultAsync(x => x.Id == id && x.UniversityId == uni, ct),
        } ?? throw new NotFoundException(kind.ToString());
        if (active) item.Reactivate(); else item.Deactivate(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Administrators of a university, and only they, change its structure; the university is always the admin's own.</summary>
    private static Guid Check(Actor admin) =>
        admin.UniversityId is { } uni && admin.HoldsInUniversity(Role.UniversityAdmin, uni)
            ? uni
            : throw new ForbiddenActionException(new Reason(null, "access.denied"));

    private async Task<College> ActiveCollegeAsync(Guid uni, Guid? collegeId, CancellationToken ct)
    {
        var college = collegeId is { } cid ? await db.Colleges.SingleOrDefaultAsync(c => c.Id == cid && c.UniversityId == uni, ct) : null;
        if (college is null) throw new DomainException("structure.college-unknown");
        if (!college.IsActive) throw new DomainException("structure.college-inactive", college.Name);
        return college;
    }

    private async Task RefuseDuplicateCollegeAsync(Guid uni, Guid id, string code, string name, CancellationToken ct)
    {
        var reasons = new List<Reason>();
        if (await db.Colleges.AnyAsync(c => c.UniversityId == uni && c.Id != id && c.Code == code, ct)) reasons.Add(new Reason(null, "structure.duplicate-code", code));
        if (await db.Colleges.AnyAsync(c => c.UniversityId == uni && c.Id != id && c.Name == name, ct)) reasons.Add(new Reason(null, "structure.duplicate-name", name));
        if (reasons.Count > 0) throw new DomainException(reasons);
    }

    private async Task RefuseDuplicateMajorAsync(Major m, CancellationToken ct)
    {
        if (await db.Majors.AnyAsync(x => x.UniversityId == m.UniversityId && x.CollegeId == m.CollegeId && x.Id != m.Id && x.Name == m.Name, ct))
            throw new DomainException("structure.duplicate-name", m.Name);
    }

    private async Task RefuseDuplicateClassAsync(ClassGroup g, CancellationToken ct)
    {
        if (await db.ClassGroups.AnyAsync(x => x.UniversityId == g.UniversityId && x.Id != g.Id && x.Name == g.Name, ct))
            throw new DomainException("structure.duplicate-name", g.Name);
    }

    private async Task RefuseDuplicateUnitAsync(OrgUnit u, CancellationToken ct)
    {
        if (await db.OrgUnits.AnyAsync(x => x.UniversityId == u.UniversityId && x.Kind == u.Kind && x.Id != u.Id && x.Name == u.Name, ct))
            throw new DomainException("structure.duplicate-name", u.Name);
    }
}
