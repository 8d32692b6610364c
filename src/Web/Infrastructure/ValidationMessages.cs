using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Infrastructure;

/// <summary>
/// Every validation message of the pages in the request's language (ADR 0003): model binding's own messages
/// ("The value '' is invalid.") through <see cref="MvcOptions.ModelBindingMessageProvider"/>, and DataAnnotations'
/// (including the implicit [Required] of a non-nullable string) through keys resolved by <see cref="TextsLocalizer"/>.
/// A field's name in a message is <c>form.field.{kebab-name}</c> when that text exists, else the property name.
/// </summary>
public static partial class ValidationMessages
{
    public static void Configure(MvcOptions o)
    {
        var m = o.ModelBindingMessageProvider;
        m.SetAttemptedValueIsInvalidAccessor((value, field) => Say("form.validation.value-invalid-for", value, field));
        m.SetMissingBindRequiredValueAccessor(field => Say("form.validation.missing-value-for", field));
        m.SetMissingKeyOrValueAccessor(() => Say("form.validation.value-required"));
        m.SetMissingRequestBodyRequiredValueAccessor(() => Say("form.validation.body-required"));
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => Say("form.validation.value-invalid", value));
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => Say("form.validation.unknown-invalid"));
        m.SetNonPropertyValueMustBeANumberAccessor(() => Say("form.validation.must-be-number"));
        m.SetUnknownValueIsInvalidAccessor(field => Say("form.validation.unknown-invalid-for", field));
        m.SetValueIsInvalidAccessor(value => Say("form.validation.value-invalid", value));
        m.SetValueMustBeANumberAccessor(field => Say("form.validation.must-be-number-for", field));
        m.SetValueMustNotBeNullAccessor(value => Say("form.validation.value-invalid", value));
        // Runs after DataAnnotations' provider, which has by then added the implicit [Required].
        o.ModelMetadataDetailsProviders.Add(new TextKeysMetadataProvider());
    }

    // The culture named explicitly: Texts.Get("key", "value") would read the key as a culture and the value as the key.
    private static string Say(string key, params object?[] args) => Texts.Get(Texts.CurrentCulture, key, args);

    /// <summary>The localizer DataAnnotations uses for ErrorMessage keys and [Display] names.</summary>
    public sealed class TextsLocalizer : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, Texts.Get(name), !Texts.Has(name));
        public LocalizedString this[string name, params object[] arguments] => new(name, Texts.Get(name, arguments), !Texts.Has(name));
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
            Texts.Table(Texts.CurrentCulture).Select(kv => new LocalizedString(kv.Key, kv.Value));
    }

    /// <summary>Gives each validation attribute without its own message a text key, and each field its name in the texts.</summary>
    private sealed partial class TextKeysMetadataProvider : IValidationMetadataProvider, IDisplayMetadataProvider
    {
        public void CreateValidationMetadata(ValidationMetadataProviderContext context)
        {
            foreach (var attribute in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
            {
                if (attribute.ErrorMessage is not null || attribute.ErrorMessageResourceName is not null || attribute.ErrorMessageResourceType is not null) continue;
                // Only attributes MVC has an adapter for: their message arguments are known (the field, then the limits).
                var key = attribute switch
                {
                    RequiredAttribute => "form.validation.required",
                    StringLengthAttribute { MinimumLength: > 0 } => "form.validation.string-length-between",
                    StringLengthAttribute => "form.validation.string-length",
                    MaxLengthAttribute => "form.validation.max-length",
                    MinLengthAttribute => "form.validation.min-length",
                    RangeAttribute => "form.validation.range",
                    RegularExpressionAttribute => "form.validation.pattern",
                    EmailAddressAttribute => "form.validation.email",
                    _ => null,
                };
                if (key is not null) attribute.ErrorMessage = key;
            }
        }

        public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
        {
            if (context.Key.Name is not { } name || context.DisplayMetadata.DisplayName is not null) return;
            var key = "form.field." + Kebab().Replace(name, "$1-$2").ToLowerInvariant();
            if (Texts.Has(key)) context.DisplayMetadata.DisplayName = () => Texts.Get(key);
        }

        [GeneratedRegex("([a-z0-9])([A-Z])")]
        private static partial Regex Kebab();
    }
}
