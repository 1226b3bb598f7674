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
