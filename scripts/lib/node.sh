# Shared by scripts/node (one throwaway node) and scripts/cluster (a local multi-node cluster): the Maven Central
# artifacts, unpacking a node with k-NN and the plugin, running it as a non-root user, starting and stopping its JVM.
#
# The caller sets ROOT (the repository) and defines die MESSAGE and log MESSAGE before sourcing this file.
# shellcheck shell=bash

readonly OPENSEARCH_VERSION=3.5.0
readonly KNN_VERSION=3.5.0.0
readonly DIST_ARTIFACT="org.opensearch.distribution.integ-test-zip:opensearch:${OPENSEARCH_VERSION}:zip"
readonly KNN_ARTIFACT="org.opensearch.plugin:opensearch-knn:${KNN_VERSION}:zip"
readonly DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
readonly RUN_USER=opensearch
readonly DIST_ZIP="opensearch-${OPENSEARCH_VERSION}.zip"
readonly KNN_ZIP="opensearch-knn-${KNN_VERSION}.zip"

DIST_DIR="${ROOT}/target/node-dist"
NODE_JAVA_HOME="${NODE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
IS_ROOT=0; [[ "$(id -u)" == 0 ]] && IS_ROOT=1

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# pid_of_node DIR PIDFILE: the pid of the node unpacked in DIR, or nothing. Checks that the pid really is that node's
# java (pids get reused).
pid_of_node() {
  local dir="$1" pid_file="$2" pid
  [[ -f "$pid_file" ]] || return 0
  pid="$(tr -dc '0-9' < "$pid_file" 2>/dev/null || true)"
  [[ -n "$pid" ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  if [[ -r "/proc/${pid}/cmdline" ]] && ! tr '\0' ' ' < "/proc/${pid}/cmdline" | grep -qF -- "$dir"; then
    return 0   # some other process got this pid
  fi
  echo "$pid"
}

# jvm_of_node DIR: the pid of a JVM running from DIR, pid file or not (e.g. while it starts).
jvm_of_node() {
  pgrep -f -- "-Dopensearch.path.home=$1 " | head -n 1 || true
}

port_in_use() {  # is something listening on 127.0.0.1:$1 (or on all addresses)?
  ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  return 1
}

print_node_logs() {  # print_node_logs FILE...: the last lines of each non-empty file, on stderr
  local f
  for f in "$@"; do
    if [[ -s "$f" ]]; then
      echo "----- last 40 lines of ${f} -----" >&2
      tail -n 40 "$f" >&2
    fi
  done
}

show_install_error() {  # the useful lines of a failed bin/opensearch-plugin run (no stack frames)
  echo "----- ${1} (errors; full log in that file) -----" >&2
  grep -E '^(ERROR|Exception|Caused by|-> )' "$1" | grep -v -e '^-> Downloading' >&2 || tail -n 30 "$1" >&2
}

yaml_quote() {  # a double-quoted YAML scalar: backslashes and double quotes escaped
  local v="${1//\\/\\\\}"
  printf '"%s"' "${v//\"/\\\"}"
}

check_java() {
  [[ -x "${NODE_JAVA_HOME}/bin/java" ]] \
    || die "no JDK at NODE_JAVA_HOME=${NODE_JAVA_HOME} (OpenSearch ${OPENSEARCH_VERSION} and Smile need JDK 25)"
}

check_tools() {
  command -v unzip >/dev/null || die "unzip is not installed (apt-get install unzip)"
  command -v curl >/dev/null || die "curl is not installed (apt-get install curl)"
}

# Maven Central artifacts, cached in target/node-dist/. Maven runs outside the repo (no reactor, no pom).
fetch_artifact() {  # fetch_artifact GAV FILE_NAME
  local gav="$1" file="$2"
  [[ -s "${DIST_DIR}/${file}" ]] && return 0
  command -v mvn >/dev/null || die "mvn not found: it is needed once to download ${gav}"
  log "downloading ${gav} from Maven Central (once; cached in ${DIST_DIR}) ..."
  local tmp
  tmp="$(mktemp -d "${DIST_DIR}/.download.XXXXXX")"
  if ! (cd "$tmp" && JAVA_HOME="$NODE_JAVA_HOME" mvn -B -q "${DEPENDENCY_PLUGIN}:copy" \
          -Dartifact="$gav" -DoutputDirectory="$tmp/out" -Dmdep.overWriteIfNewer=true > "$tmp/mvn.log" 2>&1) \
     || [[ ! -s "$tmp/out/${file}" ]]; then
    grep -v -e '^WARNING: ' "$tmp/mvn.log" | tail -n 20 >&2 || true
    rm -rf "$tmp"
    die "could not download ${gav} through Maven (is Maven Central reachable?)"
  fi
  mv -f "$tmp/out/${file}" "${DIST_DIR}/${file}"
  rm -rf "$tmp"
}

fetch_node_artifacts() {  # the OpenSearch distribution and the k-NN plugin, in DIST_DIR
  mkdir -p "$DIST_DIR"
  fetch_artifact "$DIST_ARTIFACT" "$DIST_ZIP"
  fetch_artifact "$KNN_ARTIFACT" "$KNN_ZIP"
}

find_plugin_zip() {
  local zip="${TEXT_INSIGHTS_ZIP:-}"
  if [[ -n "$zip" ]]; then
    [[ -f "$zip" ]] || die "TEXT_INSIGHTS_ZIP=${zip} does not exist"
  else
    local found=("${ROOT}"/plugin/target/releases/text-insights-*.zip)
    if [[ ! -f "${found[0]}" ]]; then
      die "plugin zip not found (plugin/target/releases/text-insights-*.zip). Build it first:
    JAVA_HOME=${NODE_JAVA_HOME} mvn -B -DskipTests install
  or set TEXT_INSIGHTS_ZIP=/path/to/text-insights.zip, or start with --no-plugin."
    fi
    (( ${#found[@]} == 1 )) || die "several plugin zips in plugin/target/releases/ (${found[*]}); remove the stale ones or set TEXT_INSIGHTS_ZIP"
    zip="${found[0]}"
  fi
  (cd "$(dirname "$zip")" && echo "$(pwd)/$(basename "$zip")")
}

ensure_run_user() {
  (( IS_ROOT )) || return 0
  if ! id -u "$RUN_USER" >/dev/null 2>&1; then
    log "creating system user '${RUN_USER}' (OpenSearch refuses to run as root)"
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$RUN_USER" \
      || die "could not create system user '${RUN_USER}'"
  fi
}

# ensure_traversable DIR: the node runs as $RUN_USER, so every parent of its folder must be traversable (o+x) by it.
# We open up the parents (chmod o+x, traversal only, no listing) rather than copying the node elsewhere, and say what
# we changed.
ensure_traversable() {
  (( IS_ROOT )) || return 0
  local target="$1" dir="" part
  local -a parts
  IFS=/ read -r -a parts <<< "${target#/}"
  for part in "${parts[@]}"; do
    dir="${dir}/${part}"
    [[ "$dir" == "$target" ]] && break
    if ! runuser -u "$RUN_USER" -- test -x "$dir"; then
      log "note: chmod o+x ${dir} so that user '${RUN_USER}' can reach ${target}"
      chmod o+x "$dir"
    fi
  done
  runuser -u "$RUN_USER" -- test -x "${NODE_JAVA_HOME}/bin/java" \
    || die "user '${RUN_USER}' cannot run ${NODE_JAVA_HOME}/bin/java (check the permissions of its folders)"
}

# hand_over_node DIR: as root, the node's folder belongs to $RUN_USER, who can reach it.
hand_over_node() {
  (( IS_ROOT )) || return 0
  chown -R "${RUN_USER}:" "$1"
  ensure_traversable "$1"
}

# unpack_node DIR [PLUGIN_ZIP]: a fresh OpenSearch in DIR (an old DIR and its data are deleted) with k-NN and, when
# given, the Text Insights plugin. Sets T_UNZIP and T_INSTALL (seconds). The artifacts must be fetched already.
unpack_node() {
  local dir="$1" plugin_zip="${2:-}" t0
  t0="$(now)"
  rm -rf "$dir" "${dir}.staging"
  mkdir -p "${dir}.staging"
  unzip -q "${DIST_DIR}/${DIST_ZIP}" -d "${dir}.staging" || die "could not unzip ${DIST_DIR}/${DIST_ZIP} (delete it to download again)"
  local top=("${dir}.staging"/*)
  # shellcheck disable=SC2015
  (( ${#top[@]} == 1 )) && [[ -x "${top[0]}/bin/opensearch" ]] || die "unexpected layout in ${DIST_ZIP}"
  mv "${top[0]}" "$dir"
  rmdir "${dir}.staging"
  T_UNZIP="$(elapsed "$t0")"

  t0="$(now)"
  local plugin_cli=(env "JAVA_HOME=${NODE_JAVA_HOME}" "OPENSEARCH_JAVA_HOME=${NODE_JAVA_HOME}" "${dir}/bin/opensearch-plugin")
  "${plugin_cli[@]}" install --batch "file://${DIST_DIR}/${KNN_ZIP}" > "${dir}/install-knn.log" 2>&1 \
    || { show_install_error "${dir}/install-knn.log"; die "installing k-NN failed"; }
  if [[ -n "$plugin_zip" ]]; then
    "${plugin_cli[@]}" install --batch "file://${plugin_zip}" > "${dir}/install-text-insights.log" 2>&1 \
      || { show_install_error "${dir}/install-text-insights.log"; die "installing ${plugin_zip} failed"; }
  fi
  T_INSTALL="$(elapsed "$t0")"
  mkdir -p "${dir}/data" "${dir}/logs" "${dir}/config/jvm.options.d"
}

# write_heap DIR SIZE: -Xms and -Xmx of the node in DIR.
write_heap() {
  printf -- '-Xms%s\n-Xmx%s\n' "$2" "$2" > "$1/config/jvm.options.d/heap.options"
}

# launch_node DIR PIDFILE CONSOLE_LOG: starts the node unpacked in DIR, daemonised (as $RUN_USER when root). Returns
# bin/opensearch's status. setsid + stdin from /dev/null + output to a file: a daemonised JVM holding our pipes would
# hang callers; fd 9 (the callers' flock) is not inherited. The pid file goes in DIR (the node's user writes it).
launch_node() {
  local dir="$1" pid_file="$2" console="$3" rc=0
  local launch=(env "JAVA_HOME=${NODE_JAVA_HOME}" "OPENSEARCH_JAVA_HOME=${NODE_JAVA_HOME}" "${dir}/bin/opensearch" -d -p "$pid_file")
  mkdir -p "$(dirname "$console")"
  # appended: a node started again (same folder, same data) keeps the console output of its earlier lives
  if (( IS_ROOT )); then
    (cd "$dir" && setsid runuser -u "$RUN_USER" -- "${launch[@]}" >> "$console" 2>&1 < /dev/null 9>&-) || rc=$?
  else
    (cd "$dir" && setsid "${launch[@]}" >> "$console" 2>&1 < /dev/null 9>&-) || rc=$?
  fi
  return "$rc"
}

# wait_for_health DIR PIDFILE URL QUERY T0 TIMEOUT: waits until GET URL/_cluster/health?QUERY answers 200 (QUERY holds
# its own wait_for_* and timeout). Returns 0, or 1 with WAIT_ERROR set: the node died or exited while starting, wrote
# no pid file, or was not healthy in time (the caller decides what to do with the node).
wait_for_health() {
  local dir="$1" pid_file="$2" url="$3" query="$4" t0="$5" timeout="$6"
  local deadline=$(( ${t0%.*} + timeout )) code="" seen_pid="" pid
  WAIT_ERROR=""
  while :; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "${url}/_cluster/health?${query}" 2>/dev/null || true)"
    [[ "$code" == 200 ]] && return 0
    pid="$(pid_of_node "$dir" "$pid_file")"
    [[ -n "$pid" ]] && seen_pid="$pid"
    if [[ -n "$seen_pid" && -z "$pid" ]]; then
      WAIT_ERROR="died while starting (pid ${seen_pid})"; return 1
    fi
    if [[ -z "$seen_pid" ]] && (( $(date +%s) - ${t0%.*} > 2 )) && [[ -z "$(jvm_of_node "$dir")" ]]; then
      WAIT_ERROR="exited while starting (its JVM is gone)"; return 1
    fi
    if [[ -z "$seen_pid" ]] && (( $(date +%s) - ${t0%.*} > 60 )); then
      WAIT_ERROR="wrote no pid file within 60 s"; return 1
    fi
    if (( $(date +%s) >= deadline )); then
      WAIT_ERROR="was not healthy (${query%%&timeout=*}) after ${timeout} s"; return 1
    fi
    sleep 1
  done
}

# stop_pid PID LABEL: SIGTERM, up to 30 s, then SIGKILL. Dies if the process survives that.
stop_pid() {
  local pid="$1" label="$2" i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "warning: ${label} (pid ${pid}) still alive after 30 s, sending SIGKILL" >&2
  kill_pid "$pid" "$label"
}

# kill_pid PID LABEL: SIGKILL, and wait (up to 5 s) until the process is gone.
kill_pid() {
  local pid="$1" label="$2" i
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  die "could not kill ${label} (pid ${pid})"
}

# health_of URL: the cluster's health as the node at URL sees it (green, yellow, red) or nothing.
health_of() {
  curl -s --max-time 3 "$1/_cluster/health?filter_path=status" 2>/dev/null \
    | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' || true
}
