using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Organisation;

/// <summary>
/// The checks every piece of a university's structure (college, major, class, organisation unit) makes on its
/// code and its names: required, trimmed, one line long. Uniqueness within the university needs the other rows,
/// so StructureService checks it.
/// </summary>
public static class StructureNames
{
    /// <summary>Trims both names and refuses a missing or overlong one, listing every problem at once.</summary>
    public static (string Name, string NameEn) Check(string? name, string? nameEn)
    {
        var reasons = new List<Reason>();
        if (string.IsNullOrWhiteSpace(name)) reasons.Add(new Reason(null, "structure.name-required"));
        if (string.IsNullOrWhiteSpace(nameEn)) reasons.Add(new Reason(null, "structure.name-en-required"));
        if (TextLimits.Find(name, TextLimits.Name, TextField.StructureName) is { } n) reasons.Add(n);
        if (TextLimits.Find(nameEn, TextLimits.NameEn, TextField.StructureNameEn) is { } e) reasons.Add(e);
        if (reasons.Count > 0) throw new DomainException(reasons);
        return (name!.Trim(), nameEn!.Trim());
    }

    public static string CheckCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) throw new DomainException("structure.code-required");
        TextLimits.Check(code, TextLimits.Identifier, TextField.StructureCode);
        return code.Trim();
    }
}

/// <summary>
/// A piece of the structure that history refers to: deactivated rather than deleted. One definition for colleges,
/// majors, classes and units (EF maps the property on each entity; this base is not an entity itself).
/// </summary>
public abstract class Deactivatable
{
    /// <summary>When it was deactivated: it stays in history but is not offered for new work. Never deleted.</summary>
    public DateTimeOffset? DeactivatedAt { get; private set; }
    public bool IsActive => DeactivatedAt is null;

    public void Deactivate(DateTimeOffset at)
    {
        if (DeactivatedAt is not null) throw new DomainException("structure.already-inactive");
        DeactivatedAt = at;
    }

    public void Reactivate()
    {
        if (DeactivatedAt is null) throw new DomainException("structure.already-active");
        DeactivatedAt = null;
    }
}
