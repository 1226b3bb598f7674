"""Builds one wheel from a source tree through its PEP 517 backend, inside a DockerBuild toolchain image.

Usage: python3 pep517_build.py SOURCE OUT_DIR ENV_DIR|- DEBIAN_SUITE

With ENV_DIR, the backend runs in an isolated environment: the interpreter without its site-packages (no Debian
Python packages), plus ENV_DIR, where exactly the wheel spec's pinned build requirements were installed. With "-",
it runs against the image's own Python packages (Debian's, plus the wheel's build_packages).

Before the backend runs, every requirement the source declares ([build-system] requires) and every one the backend
asks for (get_requires_for_build_wheel) is checked against that environment. An unmet one is printed as a line
"DOCKERBUILD-UNMET <json>" and the build stops with exit code 3 before anything is compiled, so the user reads the
requirement and what the environment has, not the backend's traceback.
"""
import json
import os
import subprocess
import sys

UNMET_EXIT = 3


def load_toml(path):
    try:
        import tomllib as toml_reader
    except ImportError:
        try:
            from pip._vendor import tomli as toml_reader
        except ImportError:
            from pip._vendor import toml as legacy
            with open(path, encoding="utf-8") as f:
                return legacy.load(f)
    with open(path, "rb") as f:
        return toml_reader.load(f)


def build_system(source):
    pyproject = os.path.join(source, "pyproject.toml")
    table = load_toml(pyproject).get("build-system", {}) if os.path.exists(pyproject) else {}
    if "build-backend" not in table:
        # PEP 517's fallback for a project without a backend: setuptools' legacy backend, as pip does.
        return table.get("requires", ["setuptools>=40.8.0"]), "setuptools.build_meta:__legacy__", table.get("backend-path", [])
    return table.get("requires", []), table["build-backend"], table.get("backend-path", [])


def distributions(env_dir):
    from importlib import metadata
    path = [env_dir] if env_dir else sys.path
    found = {}
    for dist in metadata.distributions(path=path):
        name = dist.metadata["Name"]
        if not name:
            continue
        key = canonical(name)
        if key not in found:
            found[key] = (dist.version, str(getattr(dist, "_path", "")))
    return found


def canonical(name):
    import re
    return re.sub(r"[-_.]+", "-", name).lower()


def unmet(requirements, env_dir, suite, stage):
    from pip._vendor.packaging.requirements import Requirement
    have = distributions(env_dir)
    missing = []
    for text in requirements:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        found = have.get(canonical(requirement.name))
        if found is not None and requirement.specifier.contains(found[0], prereleases=True):
            continue
        origin = None
        if found is not None:
            origin = "build_requires" if env_dir else (
                f"Debian {suite}" if "/usr/lib/python3/dist-packages" in found[1] else found[1] or "the image")
        missing.append({"requirement": text, "name": requirement.name, "have": found[0] if found else None,
                        "origin": origin, "stage": stage})
    return missing


HOOK_RUNNER = r"""
import importlib, importlib.machinery, json, os, site, sys, sysconfig
spec, source, out, env_dir, backend_path, stage, settings = sys.argv[1:8]
if env_dir != "-":
    site.addsitedir(env_dir)
# Cross builds: sysconfig reports the target (its _sysconfigdata), but the interpreter's own list of extension
# suffixes is the build machine's; backends that check a module's suffix against it (meson-python) must see the target's.
suffix = sysconfig.get_config_var("EXT_SUFFIX")
if os.environ.get("_PYTHON_HOST_PLATFORM") and suffix and suffix not in importlib.machinery.EXTENSION_SUFFIXES:
    importlib.machinery.EXTENSION_SUFFIXES.insert(0, suffix)
os.chdir(source)
for entry in reversed(json.loads(backend_path)):
    sys.path.insert(0, os.path.join(source, entry))
jobs = int(os.environ.get("DOCKERBUILD_BUILD_JOBS", "1") or "1")
if jobs > 1 and spec.split(":")[0].split(".")[0] == "setuptools":
    # setuptools compiles one object file after another; compile them side by side (as numpy.distutils did). The objects
    # and their link order are the same, so the output is byte-identical to a serial build.
    import concurrent.futures
    import setuptools
    from distutils import ccompiler

    def parallel_compile(self, sources, output_dir=None, macros=None, include_dirs=None, debug=0, extra_preargs=None,
                         extra_postargs=None, depends=None):
        macros, objects, extra_postargs, pp_opts, build = self._setup_compile(
            output_dir, macros, include_dirs, sources, depends, extra_postargs)
        cc_args = self._get_cc_args(pp_opts, debug, extra_preargs)
        todo = [(obj,) + tuple(build[obj]) for obj in objects if obj in build]
        if len(todo) > 1:
            print(f"dockerbuild: compiling {len(todo)} objects, {min(jobs, len(todo))} at a time", flush=True)
        with concurrent.futures.ThreadPoolExecutor(max_workers=min(jobs, max(1, len(todo)))) as pool:
            for done in [pool.submit(self._compile, obj, src, ext, cc_args, extra_postargs, pp_opts) for obj, src, ext in todo]:
                done.result()
        return objects

    ccompiler.CCompiler.compile = parallel_compile
module, _, attribute = spec.partition(":")
backend = importlib.import_module(module)
for part in attribute.split(".") if attribute else []:
    backend = getattr(backend, part)
cross = bool(os.environ.get("_PYTHON_HOST_PLATFORM"))
if cross and module == "maturin" and hasattr(backend, "_get_sys_executable"):
    # maturin hands the interpreter's path to its cross build, which then refuses it: it wants a kind (python3.13).
    backend._get_sys_executable = lambda: "python%d.%d" % sys.version_info[:2]
settings = json.loads(settings)
if stage == "requires":
    hook = getattr(backend, "get_requires_for_build_wheel", None)
    print("DOCKERBUILD-REQUIRES " + json.dumps(list(hook(settings) if hook else [])))
else:
    print("DOCKERBUILD-WHEEL " + backend.build_wheel(out, settings))
"""


def config_settings(backend):
    """What a backend must be told to cross-compile, where it does not read the image's environment on its own."""
    settings = {}
    cross_file = os.environ.get("DOCKERBUILD_MESON_CROSS_FILE")
    if backend.split(":")[0] == "mesonpy" and cross_file:
        settings["setup-args"] = ["--cross-file=" + cross_file]
    return settings


def backend_environment(backend):
    """The backend's environment: the image's, plus what a backend needs to find the target's Python without running it."""
    environment = dict(os.environ, PYTHONNOUSERSITE="1")
    name = environment.get("_PYTHON_SYSCONFIGDATA_NAME")
    if backend.split(":")[0] == "maturin" and environment.get("_PYTHON_HOST_PLATFORM") and name:
        # maturin (PyO3) reads the target's sysconfig data from a directory and skips symlinks; Debian makes one of the
        # two names of that file a symlink, so point it at the real one.
        import importlib.util
        real = os.path.realpath(importlib.util.find_spec(name).origin)
        environment["_PYTHON_SYSCONFIGDATA_NAME"] = os.path.splitext(os.path.basename(real))[0]
        environment["PYO3_CROSS_LIB_DIR"] = os.path.dirname(real)
    return environment


def run_hook(stage, backend, backend_path, source, out, env_dir):
    command = [sys.executable]
    environment = backend_environment(backend)
    if env_dir:
        # -S: no site-packages of the interpreter; the runner adds only the isolated environment.
        command.append("-S")
        environment["PYTHONPATH"] = env_dir
        environment["PATH"] = os.path.join(env_dir, "bin") + os.pathsep + environment.get("PATH", "")
    command += ["-c", HOOK_RUNNER, backend, source, out, env_dir or "-", json.dumps(backend_path), stage,
                json.dumps(config_settings(backend))]
    process = subprocess.run(command, env=environment, stdout=subprocess.PIPE, text=True)
    for line in process.stdout.splitlines():
        print(line, flush=True)
    if process.returncode != 0:
        sys.exit(process.returncode)
    marker = "DOCKERBUILD-REQUIRES " if stage == "requires" else "DOCKERBUILD-WHEEL "
    lines = [l for l in process.stdout.splitlines() if l.startswith(marker)]
    return lines[-1][len(marker):]


CARGO_REGISTRY = "/usr/share/cargo/registry"


def missing_crates(source):
    """Crates a Rust extension's Cargo.toml names that no Debian package put into the image's offline registry."""
    manifest = os.path.join(source, "Cargo.toml")
    if not os.path.exists(manifest):
        return []
    cargo = load_toml(manifest)
    wanted = set()
    for table in ("dependencies", "build-dependencies"):
        for name, value in cargo.get(table, {}).items():
            if isinstance(value, dict) and ("path" in value or "git" in value):
                continue
            wanted.add(value.get("package", name) if isinstance(value, dict) else name)
    packaged = set()
    if os.path.isdir(CARGO_REGISTRY):
        packaged = {entry.rsplit("-", 1)[0] for entry in os.listdir(CARGO_REGISTRY)}
    return [{"requirement": "crate " + name, "name": name, "have": None, "origin": None, "stage": "crate"}
            for name in sorted(wanted) if name not in packaged and name.replace("_", "-") not in packaged]


def report(missing):
    for entry in missing:
        print("DOCKERBUILD-UNMET " + json.dumps(entry), flush=True)
    sys.exit(UNMET_EXIT)


def main():
    source, out, env_dir, suite = sys.argv[1:5]
    env_dir = None if env_dir == "-" else env_dir
    requires, backend, backend_path = build_system(source)
    print(f"build backend {backend}; declared build requirements: {', '.join(requires) or 'none'}; "
          f"environment: {'isolated, ' + env_dir if env_dir else 'the image (Debian ' + suite + ')'}; "
          f"config settings: {json.dumps(config_settings(backend))}", flush=True)
    missing = unmet(requires, env_dir, suite, "declared") + missing_crates(source)
    if missing:
        report(missing)
    dynamic = json.loads(run_hook("requires", backend, backend_path, source, out, env_dir))
    missing = unmet(dynamic, env_dir, suite, "backend")
    if missing:
        report(missing)
    os.makedirs(out, exist_ok=True)
    print("the backend wrote " + run_hook("wheel", backend, backend_path, source, out, env_dir), flush=True)


if __name__ == "__main__":
    main()
