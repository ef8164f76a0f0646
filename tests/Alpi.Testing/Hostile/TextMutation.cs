using CsCheck;

namespace Alpi.Testing.Hostile;

/// <summary>
/// Mutations of real text inputs (line protocol, URL query strings): characters inserted, removed, repeated, swapped
/// for the format's special characters, chunks spliced from other inputs, and the text cut short.
/// </summary>
public static class TextMutation
{
    /// <summary>
    /// A text from <paramref name="seeds"/> with 1 to <paramref name="maxMutations"/> mutations stacked; inserted
    /// characters come from <paramref name="specials"/> (the format's syntax) or are any UTF-16 unit, surrogates and
    /// controls included.
    /// </summary>
    public static Gen<string> From(IReadOnlyList<string> seeds, string specials, int maxMutations = 6) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Select(Gen.Int[0, 7], Gen.UInt, Gen.UInt, Gen.UInt).Array[1, maxMutations], (index, mutations) =>
        {
            var text = seeds[index];
            foreach (var (kind, a, b, c) in mutations)
            {
                text = Apply(text, kind, a, b, c, specials, seeds);
            }

            return text;
        });

    private static string Apply(string text, int kind, uint a, uint b, uint c, string specials, IReadOnlyList<string> seeds)
    {
        var position = text.Length == 0 ? 0 : (int)(a % (uint)text.Length);
        char Pick(uint n) => n % 3 == 0 ? (char)(n >> 8) : specials[(int)(n % (uint)specials.Length)];
        switch (kind)
        {
            case 0: // insert special characters
                {
                    var count = 1 + (int)(b % 4);
                    var inserted = new char[count];
                    for (var i = 0; i < count; i++)
                    {
                        inserted[i] = Pick(c >> (i * 3) | (uint)i);
                    }

                    return text.Insert(position, new string(inserted));
                }

            case 1: // replace one character
                return text.Length == 0 ? text : string.Concat(text.AsSpan(0, position), Pick(b).ToString(), text.AsSpan(position + 1));
            case 2: // delete a run
                return text.Length == 0 ? text : text.Remove(position, Math.Min(1 + (int)(b % 8), text.Length - position));
            case 3: // cut short
                return text[..(int)(a % (uint)(text.Length + 1))];
            case 4: // repeat a chunk, up to 64 times
                {
                    if (text.Length == 0)
                    {
                        return text;
                    }

                    var chunk = text.Substring(position, Math.Min(1 + (int)(b % 24), text.Length - position));
                    return text.Insert(position, string.Concat(Enumerable.Repeat(chunk, 1 + (int)(c % 64))));
                }

            case 5: // splice from another seed
                {
                    var other = seeds[(int)(b % (uint)seeds.Count)];
                    if (other.Length == 0)
                    {
                        return text;
                    }

                    var start = (int)(c % (uint)other.Length);
                    return text.Insert(position, other.Substring(start, Math.Min(1 + (int)((c >> 16) % 40), other.Length - start)));
                }

            case 6: // swap two characters
                {
                    if (text.Length < 2)
                    {
                        return text;
                    }

                    var chars = text.ToCharArray();
                    var other = (int)(b % (uint)chars.Length);
                    (chars[position], chars[other]) = (chars[other], chars[position]);
                    return new string(chars);
                }

            default: // a long run of one special character
                return text.Insert(position, new string(specials[(int)(b % (uint)specials.Length)], 1 + (int)(c % 4096)));
        }
    }
}
