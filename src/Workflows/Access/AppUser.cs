using Microsoft.AspNetCore.Identity;

namespace ReformFlow.Workflows.Access;

/// <summary>A person who signs in. Students and teachers are linked to their records; officers hold role assignments.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public Guid? UniversityId { get; set; }
    public Guid? StudentId { get; set; }
    public Guid? TeacherId { get; set; }
    /// <summary>"zh-CN" or "en": the language of this person's emails.</summary>
    public string PreferredCulture { get; set; } = "zh-CN";
}
