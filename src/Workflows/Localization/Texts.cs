using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace ReformFlow.Workflows.Localization;

/// <summary>
/// Every user-facing text in both languages, from two embedded JSON files (en.json, zh-CN.json) that
/// a test keeps in step. Plain dictionaries rather than .resx: translators edit one readable file.
/// </summary>
public static class Texts
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public static readonly string[] Cultures = [Chinese, English];

    private static readonly FrozenDictionary<string, FrozenDictionary<string, string>> All = Cultures.ToFrozenDictionary(c => c, Load);

    public static IReadOnlyDictionary<string, string> Table(string culture) => All[Normalise(culture)];

    public static string Normalise(string? culture) =>
        culture is not null && culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Chinese;

    public static string CurrentCulture => Normalise(CultureInfo.CurrentUICulture.Name);

    public static bool Has(string key) => All[English].ContainsKey(key);

    /// <summary>The text for a key in a culture, with {0}-style placeholders filled; the key itself when missing, so a gap is visible.</summary>
    public static string Get(string culture, string key, params object?[] args)
    {
        // Get("some.key", "one string") binds here (two strings beat params): the first is then a key, not a culture.
        if (Has(culture)) return Get(CurrentCulture, culture, [key, .. args]);
        var table = All[Normalise(culture)];
        if (!table.TryGetValue(key, out var format)) return key;
        if (args.Length == 0) return format;
        // "1 item is", "2 items are": a key may have a ".one" form, used when its first argument is exactly 1.
        if (IsOne(args[0]) && table.TryGetValue(key + ".one", out var one)) format = one;
        var localisedArgs = args.Select(a => a switch
        {
            Enum e => Get(culture, $"enum.{e.GetType().Name}.{e}"),
            Domain.Common.Named n => n.In(culture),
            _ => a,
        }).ToArray();
        return string.Format(CultureInfo.GetCultureInfo(Normalise(culture)), format, localisedArgs);
    }

    public static string Get(string key, params object?[] args) => Get(CurrentCulture, key, args);

    private static bool IsOne(object? value) => value switch
    {
        int i => i == 1, long l => l == 1, decimal d => d == 1, short h => h == 1, _ => false,
    };

    private static FrozenDictionary<string, string> Load(string culture)
    {
        var asm = typeof(Texts).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith($".Localization.{culture}.json", StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!.ToFrozenDictionary();
    }
}
