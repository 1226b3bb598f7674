namespace DockerBuild.Images.Recipe;

/// <summary>
/// A platform's glibc floor in its image: an older Debian suite's C library for the target (<c>libc6</c>, <c>libc6-dev</c>,
/// <c>linux-libc-dev</c>, and its <c>libstdc++6</c> and <c>libgcc-s1</c>) unpacked as a sysroot, and compiler wrappers
/// first on PATH, under the compilers' own names, that build and link against it. Every caller of the compiler goes
/// through them (CC, LDSHARED, the CMake toolchain file and the meson cross file name the compilers, cargo links
/// with them), while the Python headers, the sysconfig data and the wheels' target libraries stay the suite's own.
/// </summary>
/// <param name="Suite">The floor's suite, e.g. bullseye.</param>
/// <param name="Glibc">Its glibc version, e.g. 2.31.</param>
/// <param name="BuildSuite">The suite of the image's base, whose archive the floor's packages are fetched from.</param>
public sealed record GlibcFloorSysroot(string Suite, string Glibc, string BuildSuite)
{
    /// <summary>Where the sysroot, the wrappers and the list of unpacked packages live inside the image.</summary>
    public const string Root = "/usr/lib/dockerbuild/glibc-floor";

    /// <summary>The wrappers' directory, put before the compilers' own on PATH.</summary>
    public const string BinDirectory = Root + "/bin";

    /// <summary>The unpacked packages: the compilers' <c>--sysroot</c>.</summary>
    public const string SysrootDirectory = Root + "/sysroot";

    /// <summary>One line per unpacked package, <c>sysroot/&lt;suite&gt;/&lt;package&gt;:&lt;arch&gt;\t&lt;version&gt;</c>, merged into the image's manifest.</summary>
    public const string PackagesFile = Root + "/packages";

    /// <summary>Where the setup program is copied and run inside the image.</summary>
    public const string SetupPath = "/usr/lib/dockerbuild/glibc-floor-setup";

    /// <summary>The packages unpacked into the sysroot, for the target's architecture.</summary>
    public static readonly IReadOnlyList<string> Packages = ["libc6", "libc6-dev", "libgcc-s1", "libstdc++6", "linux-libc-dev"];

    /// <summary>The PATH of an image with a floor: the wrappers, then Debian's default.</summary>
    public const string Path = BinDirectory + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The program names wrapped: the target's compilers, and for a native target the unprefixed ones too.</summary>
    public static IReadOnlyList<(string Name, string Real)> Wrapped(CrossTarget target)
    {
        var t = target.Triple;
        var names = new List<(string, string)> { ($"{t}-gcc", $"{t}-gcc"), ($"{t}-g++", $"{t}-g++"), ($"{t}-cpp", $"{t}-cpp") };
        if (!target.Architecture.IsForeign)
            names.AddRange([("gcc", $"{t}-gcc"), ("cc", $"{t}-gcc"), ("g++", $"{t}-g++"), ("c++", $"{t}-g++"), ("cpp", $"{t}-cpp")]);
        return names;
    }

    /// <summary>
    /// The setup program the Dockerfile runs. It takes the floor's packages from the archive the base's own suite comes
    /// from (its <c>/etc/apt/sources.list</c>, suite renamed, so a snapshot pins the floor too), checked by apt against
    /// the signed index, and unpacks them without installing them. It reads the real compilers' own directories (their
    /// version's headers and libraries) and writes a wrapper per compiler name.
    /// </summary>
    public string SetupScript(CrossTarget target, bool acceptsExpiredRelease)
    {
        var arch = target.Architecture;
        var wrappers = string.Join(" ", Wrapped(target).Select(w => $"{w.Name}={w.Real}"));
        return $$"""
            #!/bin/sh
            # Unpacks {{Suite}}'s C library (glibc {{Glibc}}) for {{arch.Name}} as a sysroot and writes compiler wrappers that build
            # against it (written by DockerBuild for {{target.PlatformName}}).
            set -eu
            floor={{Suite}} suite={{BuildSuite}} arch={{arch.Name}} multiarch={{arch.Multiarch}} triple={{target.Triple}}
            root={{Root}} sysroot={{SysrootDirectory}}
            work=$(mktemp -d)
            # The floor's suite from the archives the base's suite comes from: the same mirror or snapshot, never a new host.
            # Only the target architecture's index is fetched.
            awk -v suite="$suite" -v floor="$floor" -v arch="$arch" '
              $1 == "deb" && ($2 ~ /^\[/ ? index($4, suite) : index($3, suite)) == 1 {
                i = ($2 ~ /^\[/) ? 4 : 3; $i = floor substr($i, length(suite) + 1); if (i == 3) $2 = "[arch=" arch "] " $2; print }
            ' /etc/apt/sources.list > "$work/sources.list"
            if ! test -s "$work/sources.list"; then
              echo "glibc floor: /etc/apt/sources.list names no $suite archive to take $floor from" >&2; exit 1
            fi
            mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
            : > "$work/status"
            # A private package state: nothing is installed, so apt offers the floor's versions, not the suite's.
            apt="apt-get -q -o Dir::Etc::SourceList=$work/sources.list -o Dir::Etc::SourceParts=/nonexistent \
              -o Dir::State::Lists=$work/lists -o Dir::State::status=$work/status -o Dir::Cache=$work/cache \
              -o APT::Sandbox::User=root -o Acquire::Languages=none{{(acceptsExpiredRelease ? " -o Acquire::Check-Valid-Until=false" : "")}}"
            $apt update
            cd "$work"
            $apt download {{string.Join(" ", Packages.Select(p => $"{p}:$arch"))}}
            mkdir -p "$sysroot" "$root/bin"
            for deb in *.deb; do
              dpkg-deb -x "$deb" "$sysroot"
              dpkg-deb -f "$deb" Package Architecture Version | awk -v floor="$floor" '
                /^Package:/ { p = $2 } /^Architecture:/ { a = $2 } /^Version:/ { v = $2 } END { printf "sysroot/%s/%s:%s\t%s\n", floor, p, a, v }'
            done | LC_ALL=C sort > "$root/packages"
            cd /
            rm -rf "$work" "$sysroot/etc" "$sysroot/sbin" "$sysroot/usr/bin" "$sysroot/usr/sbin" "$sysroot/usr/share" \
              "$sysroot/usr/lib/$multiarch/gconv" "$sysroot/usr/lib/$multiarch/audit"
            # Absolute links (/lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/ld-2.31.so) would leave the sysroot.
            find "$sysroot" -type l | while read -r link; do
              target=$(readlink "$link")
              case "$target" in /*) ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$sysroot$target")" "$link" ;; esac
            done
            # The loader libc.so names (/lib64/ld-linux-x86-64.so.2 on amd64) may be a link the package's maintainer scripts make.
            loader=$(sed -n 's/.*AS_NEEDED *( *\([^ )]*\) *).*/\1/p' "$sysroot/usr/lib/$multiarch/libc.so")
            if [ -n "$loader" ] && [ ! -e "$sysroot$loader" ]; then
              mkdir -p "$sysroot$(dirname "$loader")"
              ln -s "../lib/$multiarch/$(basename "$loader")" "$sysroot$loader"
            fi
            test -e "$sysroot$loader"
            # C++: the floor's libstdc++ first, so a module needs only the GLIBCXX versions it has; what only the compiler's
            # newer libstdc++ has is linked in from its static library and kept private (--exclude-libs below).
            ln -s "$(/usr/bin/$triple-g++ -print-file-name=libstdc++.a)" "$sysroot/usr/lib/$multiarch/libstdc++_newer.a"
            printf '/* the floor libstdc++, then the newer symbols from the compiler libstdc++ (written by DockerBuild) */\nGROUP ( /usr/lib/%s/libstdc++.so.6 /usr/lib/%s/libstdc++_newer.a )\n' \
              "$multiarch" "$multiarch" > "$sysroot/usr/lib/$multiarch/libstdc++.so"
            # Headers the suite's C library has and the floor's lacks would be found after the floor's, in the suite's
            # /usr/include, and declare what the floor has not got (libstdc++ probes <sys/single_threaded.h> with
            # __has_include, then uses glibc 2.32's __libc_single_threaded): they are removed, so the image's headers are
            # the floor's C library and kernel headers plus everything else the suite has.
            for package in libc6-dev linux-libc-dev; do dpkg -L "$package:$arch" 2>/dev/null || true; done \
              | grep '^/usr/include/.' | LC_ALL=C sort -u | while read -r header; do
              if [ -f "$header" ] && [ ! -e "$sysroot$header" ]; then rm -f "$header"; echo "$header" >> "$root/removed-headers"; fi
            done
            # The compiler's own headers (stddef.h, intrinsics, the C++ library), read from the compiler so its version is right.
            own=$(echo | /usr/bin/$triple-gcc -xc -E -v - 2>&1 | sed -n '/<\.\.\.> search starts here:/,/End of search list/p' | grep '^ /' | sed 's/^ //' | xargs -n1 realpath | grep '^/usr/lib/gcc')
            cxx=$(echo | /usr/bin/$triple-g++ -xc++ -E -v - 2>&1 | sed -n '/<\.\.\.> search starts here:/,/End of search list/p' | grep '^ .*/c++/' | sed 's/^ //' | xargs -n1 realpath | paste -sd:)
            if [ -z "$own" ] || [ -z "$cxx" ]; then echo "glibc floor: cannot read the include directories of $triple-gcc and $triple-g++" >&2; exit 1; fi
            after=""
            for dir in $own "$sysroot/usr/include/$multiarch" "$sysroot/usr/include" "/usr/include/$multiarch" /usr/include; do
              after="${after:+$after }-idirafter $dir"
            done
            for pair in {{wrappers}}; do
              name=${pair%%=*} real=${pair#*=}
              link="-pthread -L$sysroot/usr/lib/$multiarch -L$sysroot/lib/$multiarch -Wl,--exclude-libs,libstdc++_newer.a"
              tail="-L/usr/lib/$multiarch -L/lib/$multiarch"
              case "$name" in *cpp) link="" tail="" ;; esac
              cat > "$root/bin/$name" <<EOF
            #!/bin/sh
            # $real against the glibc floor: $floor's C library (glibc {{Glibc}}) is the sysroot; the suite's headers and
            # libraries (Python, the wheel's target libraries) are searched after it (written by DockerBuild).
            CPLUS_INCLUDE_PATH=$cxx\${CPLUS_INCLUDE_PATH:+:\$CPLUS_INCLUDE_PATH}
            export CPLUS_INCLUDE_PATH
            exec /usr/bin/$real --sysroot=$sysroot -nostdinc -B$sysroot/usr/lib/$multiarch/ $after $link "\$@" $tail
            EOF
              chmod 0755 "$root/bin/$name"
            done
            # Fail here, not in the first wheel build: a C and a C++ program link against the floor.
            check=$(mktemp -d)
            printf '#include <pthread.h>\n#include <vector>\nint main() { std::vector<int> v(3); return pthread_self() == 0 || v.size() != 3; }\n' > "$check/check.cpp"
            printf '#include <stdio.h>\nint main(void) { return puts("") < 0; }\n' > "$check/check.c"
            "$root/bin/$triple-gcc" -o "$check/c" "$check/check.c"
            "$root/bin/$triple-g++" -o "$check/cxx" "$check/check.cpp"
            rm -rf "$check"

            """;
    }
}
