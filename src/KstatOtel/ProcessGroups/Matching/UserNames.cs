using System.Globalization;
using KstatOtel.Interop;

namespace KstatOtel.ProcessGroups.Matching;

/// <summary>
/// User names by uid for the <c>{Username}</c> placeholder, looked up once per uid through the user database
/// (getpwuid_r) and cached; a uid without an entry is named by its number. Used on the refresh thread only.
/// </summary>
internal sealed class UserNames
{
    private readonly Dictionary<uint, string> cache = [];
    private readonly Func<uint, string?> lookup;

    public UserNames(Func<uint, string?>? lookup = null)
    {
        this.lookup = lookup ?? Libc.TryGetUserName;
    }

    public string Get(uint uid)
    {
        if (!cache.TryGetValue(uid, out var name))
        {
            name = lookup(uid) ?? uid.ToString(CultureInfo.InvariantCulture);
            cache[uid] = name;
        }

        return name;
    }
}
