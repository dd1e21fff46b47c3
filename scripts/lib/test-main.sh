# Sourced by the benchmark scripts. run_test_main NAME CLASS [ARGS...] builds the reactor up to
# stream-jobs with its test classes, in place (nothing is installed into ~/.m2, which other
# checkouts of the repository share), and runs CLASS's main on the test classpath with the
# repository's JVM options. NAME prefixes error messages.
run_test_main() {
  local name="$1" main="$2" root log
  shift 2
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  log="$(mktemp)"
  # One reactor run: sibling modules resolve to their target/classes (and storage's test helpers
  # to its target/test-classes), and every module writes its own classpath file.
  if ! (cd "$root" && mvn -B -q -Dstyle.color=never -pl stream-jobs -am test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt) >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "$name: build failed" >&2
    exit 1
  fi
  rm -f "$log"
  local cp="$root/stream-jobs/target/test-classes:$root/stream-jobs/target/classes:$(cat "$root/stream-jobs/target/test-classpath.txt")"
  local jvm_options
  mapfile -t jvm_options < <(grep -v '^#' "$root/config/jvm-options")
  echo "$name $*"
  exec java -Xmx2g "${jvm_options[@]}" -Dlogback.configurationFile="$root/config/logback-test.xml" -cp "$cp" "$main" "$@"
}
