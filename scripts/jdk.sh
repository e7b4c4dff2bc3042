# Sourced by ./fovea, ./run-tests and the bench scripts: finds a JDK >= 25 and exports JAVA_HOME.
# Order: JAVA_HOME if it is >= 25, then the newest JDK >= 25 under /usr/lib/jvm, then `java` on PATH.

fovea_java_major() { # prints the major version of the JDK at $1, or nothing
    local release="$1/release" v
    [ -x "$1/bin/java" ] || return 0
    if [ -f "$release" ]; then
        v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
    else
        v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    fi
    echo "$v"
}

fovea_find_jdk() {
    local best="" best_major=0 dir major
    if [ -n "${JAVA_HOME:-}" ]; then
        major=$(fovea_java_major "$JAVA_HOME")
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then return 0; fi
    fi
    for dir in /usr/lib/jvm/*; do
        [ -d "$dir" ] || continue
        major=$(fovea_java_major "$dir")
        if [ -n "$major" ] && [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then
            best="$dir"; best_major="$major"
        fi
    done
    if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
        dir=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
        major=$(fovea_java_major "$dir")
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then best="$dir"; fi
    fi
    if [ -z "$best" ]; then
        cat >&2 <<'MSG'
fovea: no JDK 25 or newer found (looked at JAVA_HOME, /usr/lib/jvm/* and `java` on PATH).
Install one, e.g. Eclipse Temurin 25 (https://adoptium.net, or the Debian/Ubuntu package temurin-25-jdk
from Adoptium's apt repository), then run again or point JAVA_HOME at it.
MSG
        return 1
    fi
    export JAVA_HOME="$best"
}
