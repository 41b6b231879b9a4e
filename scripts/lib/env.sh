# Shared by scripts/demo and scripts/test: the JDK and Maven this project builds with, and small helpers.
# OpenSearch 3.5.0 and Smile 6.3 need JDK 25; the machine's default java may be older.
if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME}/bin/java" ]] || ! "${JAVA_HOME}/bin/java" -version 2>&1 | grep -q '"2[5-9]'; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64; do
    if [[ -x "$candidate/bin/java" ]]; then
      export JAVA_HOME="$candidate"
      break
    fi
  done
fi
if [[ -z "${JAVA_HOME:-}" ]] || ! "${JAVA_HOME}/bin/java" -version 2>&1 | grep -q '"2[5-9]'; then
  echo "error: JDK 25 is needed (OpenSearch 3.5.0 and Smile 6.3). Install one and set JAVA_HOME to it." >&2
  exit 1
fi
export NODE_JAVA_HOME="${NODE_JAVA_HOME:-$JAVA_HOME}"
command -v mvn >/dev/null || { echo "error: Maven (mvn) is needed: apt-get install maven" >&2; exit 1; }
command -v python3 >/dev/null || { echo "error: python3 is needed for scripts/load and scripts/report" >&2; exit 1; }
command -v curl >/dev/null || { echo "error: curl is needed" >&2; exit 1; }

step() { printf '\n==> %s\n' "$*"; }
