namespace DockerBuild.Images.Recipe;

/// <summary>
/// The two scripts of an image: the entrypoint inside it (no command → print the host script; else run the
/// command, giving a uid without a home directory a writable HOME), and the dockcross-style host script that
/// runs the image on the current directory with nothing but the docker CLI.
/// </summary>
public static class EntrypointScripts
{
    /// <summary>Placeholder in <see cref="HostScriptTemplate"/> replaced by the image name.</summary>
    public const string ImagePlaceholder = "@DOCKERBUILD_IMAGE@";
    /// <summary>Where the host script template lives inside the image.</summary>
    public const string HostScriptPath = "/usr/lib/dockerbuild/dockcross-script";
    /// <summary>Where the entrypoint lives inside the image.</summary>
    public const string EntrypointPath = "/usr/local/bin/dockerbuild-entrypoint";

    public const string Entrypoint = """
        #!/bin/sh
        # Entrypoint of a DockerBuild image. With no command it prints the host script that runs this image.
        if [ "$#" -eq 0 ]; then
            sed "s|@DOCKERBUILD_IMAGE@|${DOCKERBUILD_IMAGE}|g" /usr/lib/dockerbuild/dockcross-script
            exit 0
        fi
        # Containers run as the invoking uid, which has no passwd entry and so HOME=/ (not writable).
        if [ ! -w "${HOME:-/}" ]; then
            HOME="/tmp/home-$(id -u)"
            export HOME
            mkdir -p "$HOME"
        fi
        exec "$@"

        """;

    public const string HostScriptTemplate = """
        #!/usr/bin/env bash
        # Runs a command in a DockerBuild toolchain image with the current directory mounted at /work,
        # as the invoking user. Needs only the docker CLI.
        #
        #   dockcross-<platform> [options] [--] command [args...]
        #
        # Options:
        #   -i, --image IMAGE     run IMAGE instead of the one this script was generated for
        #   -e, --env K=V         set K to V in the container (repeatable)
        #   -p, --pass-env K      pass the host's value of K into the container (repeatable)
        #   -a, --args "ARGS"     extra arguments for docker run (split on spaces)
        #   -h, --help            show this help
        # DOCKERBUILD_IMAGE in the environment also overrides the image.
        set -euo pipefail

        image="${DOCKERBUILD_IMAGE:-@DOCKERBUILD_IMAGE@}"
        docker_args=()
        while [ "$#" -gt 0 ]; do
            case "$1" in
                -i|--image) image="$2"; shift 2 ;;
                -e|--env) docker_args+=(-e "$2"); shift 2 ;;
                -p|--pass-env) docker_args+=(-e "$2"); shift 2 ;;
                -a|--args) read -r -a extra <<< "$2"; docker_args+=("${extra[@]}"); shift 2 ;;
                -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
                --) shift; break ;;
                *) break ;;
            esac
        done

        tty_args=(-i)
        if [ -t 0 ] && [ -t 1 ]; then tty_args+=(-t); fi

        exec docker run --rm "${tty_args[@]}" \
            -v "$PWD":/work -w /work \
            -u "$(id -u):$(id -g)" \
            "${docker_args[@]}" \
            "$image" "$@"

        """;

    /// <summary>The host script for a given image, exactly as the image prints it.</summary>
    public static string HostScriptFor(string image) => HostScriptTemplate.Replace(ImagePlaceholder, image, StringComparison.Ordinal);
}
