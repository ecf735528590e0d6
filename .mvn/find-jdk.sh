# Sourced by ./mvnw and ./herald: points JAVA_HOME at a JDK 21 or newer.
#
# Order: JAVA_HOME if it is 21+, then `javac` on the PATH, then the places installers put
# JDKs (Debian/RPM, macOS, SDKMAN, IntelliJ, asdf, Homebrew). The newest JDK found wins.
# With none, it says what to install and exits 1. HERALD_MIN_JAVA overrides the minimum.

herald_min_java=${HERALD_MIN_JAVA:-21}

# Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
herald_jdk_version() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
  fi
}

herald_find_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(herald_jdk_version "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$herald_min_java" ]; then
      return 0
    fi
  fi
  best_home=""
  best_version=0
  candidates=""
  # mvnw runs under `set -f`; the search below needs globbing.
  case $- in *f*) herald_glob_was_off=1 ;; *) herald_glob_was_off=0 ;; esac
  set +f
  if command -v javac >/dev/null 2>&1; then
    javac_path=$(command -v javac)
    if command -v readlink >/dev/null 2>&1; then
      javac_path=$(readlink -f "$javac_path" 2>/dev/null || printf %s "$javac_path")
    fi
    candidates="$(dirname "$(dirname "$javac_path")")"
  fi
  for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/java/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home \
    "$HOME"/Library/Java/JavaVirtualMachines/*/Contents/Home \
    "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.asdf/installs/java/* \
    /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
    /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home; do
    [ -d "$dir" ] && candidates="$candidates
$dir"
  done
  old_ifs=$IFS
  IFS='
'
  for dir in $candidates; do
    v=$(herald_jdk_version "$dir")
    if [ -n "$v" ] && [ "$v" -ge "$herald_min_java" ] && [ "$v" -gt "$best_version" ]; then
      best_home=$dir
      best_version=$v
    fi
  done
  IFS=$old_ifs
  [ "$herald_glob_was_off" = 1 ] && set -f
  if [ -z "$best_home" ]; then
    {
      echo "Herald needs a JDK $herald_min_java or newer, and none was found."
      echo "Looked at JAVA_HOME, javac on the PATH, /usr/lib/jvm, /Library/Java/JavaVirtualMachines,"
      echo "~/.sdkman and ~/.jdks."
      echo "Install one, for example:"
      echo "  Debian/Ubuntu: sudo apt-get install openjdk-21-jdk-headless"
      echo "  macOS:         brew install openjdk@21"
      echo "  any system:    sdk install java 21-tem   (https://sdkman.io)"
      echo "or set JAVA_HOME to a JDK $herald_min_java+ you already have."
    } >&2
    return 1
  fi
  JAVA_HOME=$best_home
  export JAVA_HOME
}
