using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;

namespace ContentApi.Tests.Fuzzing;

/// <summary>
/// JSON as the fuzzer writes it: objects, arrays and raw tokens written exactly as given. Unlike
/// System.Text.Json it writes anything (lone surrogate escapes, 1e400, duplicate names, 300 levels of
/// nesting), which is the point.
/// </summary>
public abstract record JsonTree
{
    public static readonly JsonTree Null = new Raw("null");

    public abstract void WriteTo(StringBuilder text);

    public sealed override string ToString()
    {
        var text = new StringBuilder();
        WriteTo(text);
        return text.ToString();
    }

    /// <summary>The tree with the value at <paramref name="path"/> replaced, added (in an object) or, for null, removed.</summary>
    public abstract JsonTree Put(ReadOnlySpan<object> path, JsonTree? value);

    /// <summary>Every member and array item, as paths of member names and indexes.</summary>
    public IEnumerable<ImmutableArray<object>> Paths() => PathsUnder([]);

    internal virtual IEnumerable<ImmutableArray<object>> PathsUnder(ImmutableArray<object> at) => [];

    public static JsonTree From(JsonNode? node) => node switch
    {
        JsonObject o => new Obj([.. o.Select(m => new KeyValuePair<string, JsonTree>(m.Key, From(m.Value)))]),
        JsonArray a => new Arr([.. a.Select(From)]),
        null => Null,
        _ => new Raw(node.ToJsonString()),
    };

    public static JsonTree Quoted(string value) => new Raw(Quote(value));

    /// <summary>A JSON string literal: quotes, backslashes, control characters and every surrogate (paired or not) escaped; the rest as is.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                < ' ' or (>= '\uD800' and <= '\uDFFF') => text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }

    /// <summary>A token written as is: a number, a literal, a string literal, or text that is not JSON at all.</summary>
    public sealed record Raw(string Text) : JsonTree
    {
        public override void WriteTo(StringBuilder text) => text.Append(Text);

        public override JsonTree Put(ReadOnlySpan<object> path, JsonTree? value) => path.IsEmpty ? value ?? Null : this;
    }

    public sealed record Obj(ImmutableList<KeyValuePair<string, JsonTree>> Members) : JsonTree
    {
        public override void WriteTo(StringBuilder text)
        {
            text.Append('{');
            for (var i = 0; i < Members.Count; i++)
            {
                text.Append(i == 0 ? "" : ",").Append(Quote(Members[i].Key)).Append(':');
                Members[i].Value.WriteTo(text);
            }

            text.Append('}');
        }

        public override JsonTree Put(ReadOnlySpan<object> path, JsonTree? value)
        {
            if (path.IsEmpty)
            {
                return value ?? Null;
            }

            if (path[0] is not string name)
            {
                return this;
            }

            var at = Members.FindIndex(m => m.Key == name);
            if (path.Length == 1)
            {
                return value is null
                    ? at < 0 ? this : new Obj(Members.RemoveAt(at))
                    : new Obj(at < 0 ? Members.Add(new(name, value)) : Members.SetItem(at, new(name, value)));
            }

            return at < 0 ? this : new Obj(Members.SetItem(at, new(name, Members[at].Value.Put(path[1..], value))));
        }

        internal override IEnumerable<ImmutableArray<object>> PathsUnder(ImmutableArray<object> at) =>
            Members.SelectMany(m => m.Value.PathsUnder(at.Add(m.Key)).Prepend(at.Add(m.Key)));
    }

    public sealed record Arr(ImmutableList<JsonTree> Items) : JsonTree
    {
        public override void WriteTo(StringBuilder text)
        {
            text.Append('[');
            for (var i = 0; i < Items.Count; i++)
            {
                text.Append(i == 0 ? "" : ",");
                Items[i].WriteTo(text);
            }

            text.Append(']');
        }

        public override JsonTree Put(ReadOnlySpan<object> path, JsonTree? value)
        {
            if (path.IsEmpty)
            {
                return value ?? Null;
            }

            if (path[0] is not int index || index >= Items.Count)
            {
                return this;
            }

            return path.Length == 1
                ? new Arr(value is null ? Items.RemoveAt(index) : Items.SetItem(index, value))
                : new Arr(Items.SetItem(index, Items[index].Put(path[1..], value)));
        }

        internal override IEnumerable<ImmutableArray<object>> PathsUnder(ImmutableArray<object> at) =>
            Items.SelectMany((item, i) => item.PathsUnder(at.Add(i)).Prepend(at.Add(i)));
    }
}
