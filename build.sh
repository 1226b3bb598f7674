#!/usr/bin/env bash
# Bootstrap: find dotnet, build build/_build.csproj when its inputs changed, run it with the arguments.
set -eo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT="$ROOT/build/_build.csproj"
OUT="$ROOT/build/bin"
DLL="$OUT/_build.dll"
STAMP="$OUT/.inputs"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_ROLL_FORWARD=Major

find_dotnet() {
  if [[ -n "${DOTNET_EXE:-}" && -x "$DOTNET_EXE" ]]; then echo "$DOTNET_EXE"; return; fi
  if command -v dotnet >/dev/null 2>&1; then command -v dotnet; return; fi
  for candidate in "$HOME/.dotnet/dotnet" /usr/share/dotnet/dotnet /usr/lib/dotnet/dotnet; do
    if [[ -x "$candidate" ]]; then echo "$candidate"; return; fi
  done
  cat >&2 <<'MSG'
error: the .NET SDK 10 was not found.
Install it, then run this script again:
  Debian/Ubuntu:  see https://learn.microsoft.com/dotnet/core/install/linux-debian (package dotnet-sdk-10.0)
  or set DOTNET_EXE to the path of an existing dotnet executable.
MSG
  exit 1
}

DOTNET="$(find_dotnet)"

# The build project is rebuilt only when a file it is made from changed, so a second run with
# nothing changed starts at once.
inputs_fingerprint() {
  (cd "$ROOT" && find build source/DockerBuild source/DockerBuild.Graph source/DockerBuild.Tools \
      Directory.Build.props Directory.Packages.props \
      \( -name bin -o -name obj \) -prune -o -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) \
      -printf '%p %T@ %s\n' 2>/dev/null | LC_ALL=C sort | sha256sum | cut -d' ' -f1)
}

FINGERPRINT="$(inputs_fingerprint)"
if [[ ! -f "$DLL" || ! -f "$STAMP" || "$(cat "$STAMP")" != "$FINGERPRINT" ]]; then
  if ! "$DOTNET" build "$PROJECT" -c Release -o "$OUT" --nologo -v quiet -clp:ErrorsOnly > "$ROOT/build/.build.log" 2>&1; then
    cat "$ROOT/build/.build.log" >&2
    echo "error: building the build project failed (log: build/.build.log)" >&2
    exit 1
  fi
  echo "$FINGERPRINT" > "$STAMP"
fi

# Whether an argument is the --root option in any spelling the build accepts: --root DIR, --root=DIR, --Root DIR
# (option names are compared without case and without their dashes).
is_root_option() {
  [[ "$1" == --* ]] || return 1
  local name="${1%%=*}"
  name="${name,,}"
  [[ "${name//[^a-z0-9]/}" == "root" ]]
}

# --root goes after the user's targets and options (a list option would take it as a value if it came
# first) but before a bare "--", whose rest is the command for Run. A --root of the user's wins: two would be refused.
before=() after=() seen_dashes=0 has_root=0
for arg in "$@"; do
  if [[ $seen_dashes -eq 0 && "$arg" == "--" ]]; then seen_dashes=1; fi
  if [[ $seen_dashes -eq 0 ]]; then
    before+=("$arg")
    if is_root_option "$arg"; then has_root=1; fi
  else
    after+=("$arg")
  fi
done
if [[ $has_root -eq 0 ]]; then before+=(--root "$ROOT"); fi
# A closed stdin is reopened on /dev/null: otherwise the runtime's first descriptor becomes number 0 and Run would
# take it for the command's input.
if ! { true <&0; } 2>/dev/null; then exec 0</dev/null; fi
exec "$DOTNET" "$DLL" "${before[@]}" "${after[@]}"
