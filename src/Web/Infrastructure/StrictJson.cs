using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReformFlow.Web.Infrastructure;

/// <summary>
/// How the API reads JSON: what a request record requires must be present (a missing field never silently
/// becomes false, 0 or the first enum value), enums by name only, and no null inside a list. Every
/// violation is a <see cref="JsonException"/> that the API answers as 400 problem details.
/// </summary>
public static class StrictJson
{
    public static void Configure(JsonSerializerOptions o)
    {
        // A positional record's parameter without a default value is required; optional ones declare "= null".
        o.RespectRequiredConstructorParameters = true;
        // Enums by name only: a bare number would name a value outside a closed list (SU-3.4) and mean nothing to a reader.
        o.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        o.Converters.Add(new NoNullItemsConverterFactory());
    }

    /// <summary>
    /// Lists of references (student numbers, staff numbers, records) never legitimately hold null; the
    /// serializer does not check element nullability, and code reading them would fail with a 500.
    /// </summary>
    private sealed class NoNullItemsConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type t) =>
            t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) && !t.GetGenericArguments()[0].IsValueType;

        public override JsonConverter CreateConverter(Type t, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(NoNullItems<>).MakeGenericType(t.GetGenericArguments()[0]))!;
    }

    private sealed class NoNullItems<T> : JsonConverter<IReadOnlyList<T>> where T : class
    {
        public override IReadOnlyList<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Expected a list.");
            var list = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Null) throw new JsonException($"Item {list.Count} of the list is null; lists may not contain null.");
                list.Add(JsonSerializer.Deserialize<T>(ref reader, options) ?? throw new JsonException($"Item {list.Count} of the list is null."));
            }
            return list;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value) JsonSerializer.Serialize(writer, item, options);
            writer.WriteEndArray();
        }
    }
}
