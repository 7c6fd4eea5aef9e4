#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/system-packages.txt whose command is missing.
# Idempotent: installs nothing when every command is already on PATH. Needs root (or sudo) and apt-get.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf 'install-system-deps: %s\n' "$*"; }

missing=()
while read -r command package _; do
    case "$command" in ''|'#'*) continue ;; esac
    if command -v "$command" >/dev/null 2>&1; then
        say "$command: already installed ($(command -v "$command"))"
    else
        missing+=("$package")
    fi
done < system-packages.txt

if [ ${#missing[@]} -eq 0 ]; then
    say "nothing to install"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    say "missing packages ${missing[*]} and apt-get is not available; install them by hand." >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        say "missing packages ${missing[*]}; run this script as root (or install sudo)." >&2
        exit 1
    fi
fi
say "installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

status=0
while read -r command package _; do
    case "$command" in ''|'#'*) continue ;; esac
    if ! command -v "$command" >/dev/null 2>&1; then
        say "$package was installed but $command is still not on PATH" >&2
        status=1
    fi
done < system-packages.txt
exit $status
