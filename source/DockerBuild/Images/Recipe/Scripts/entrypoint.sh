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
