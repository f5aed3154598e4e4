using System.Runtime.InteropServices;

namespace KstatOtel.Interop;

/// <summary>getpwuid_r(3) from libc: the user database entry of a uid (files, LDAP, whatever NSS is configured with).</summary>
internal static unsafe partial class Libc
{
    /// <summary>ERANGE: the buffer given to getpwuid_r is too small.</summary>
    private const int ERange = 34;

    /// <summary>The largest buffer tried for one entry.</summary>
    private const int MaxPasswdBuffer = 1 << 20;

    /// <summary>
    /// Room for struct passwd (48 bytes on LP64: pw_name, pw_passwd, pw_uid, pw_gid, pw_gecos, pw_dir, pw_shell);
    /// only pw_name, the first member on every Linux ABI, is read.
    /// </summary>
    private const int PasswdStructBytes = 128;

    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    private static partial int GetPwUidR(uint uid, byte* pwd, byte* buffer, nuint bufferLength, byte** result);

    /// <summary>The user name of <paramref name="uid"/>, or null when the user database has no entry (or the lookup fails).</summary>
    public static string? TryGetUserName(uint uid)
    {
        var size = 1024;
        var pwd = stackalloc byte[PasswdStructBytes];
        while (true)
        {
            var buffer = new byte[size];
            byte* result = null;
            int error;
            fixed (byte* b = buffer)
            {
                error = GetPwUidR(uid, pwd, b, (nuint)size, &result);
                if (error == 0)
                {
                    if (result is null)
                    {
                        return null;
                    }

                    var name = *(byte**)result;
                    return name is null ? null : Marshal.PtrToStringUTF8((nint)name);
                }
            }

            if (error != ERange || size >= MaxPasswdBuffer)
            {
                return null;
            }

            size *= 4;
        }
    }
}
