#!/usr/bin/env bash
# Builds target/nl2sql.aot, the JDK 25+ AOT cache (JEP 483/514/515) that ./nl2sql passes to java when it is newer than
# the jar: a training run that starts the CLI and the MCP server and answers initialize + tools/list over stdio (from
# the stdio snapshot a first run leaves, as a client's every start after the first does).
# On a JDK before 25 it does nothing; a failed training run warns and leaves no cache (start-up is then just slower).
set -uo pipefail
java_home=$1 target=$2
java="$java_home/bin/java"
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2>/dev/null)
aot="$target/nl2sql.aot"
rm -f "$aot"
if [ "${major:-0}" -lt 25 ]; then
  exit 0
fi
# The cache skips classes older than Java 6 (picocli's): raise them first, or they are loaded and verified at every start.
# The distribution's jlinked runtime has no compiler to run the tool; its jars are copies of target/lib's, raised already.
if "$java" --list-modules | grep -q '^jdk.compiler@'; then
  "$java" "$(dirname "$0")/RaiseClassVersions.java" "$target"/lib/*.jar || echo "aot-cache: old classes not raised; they stay out of the cache" >&2
fi
config="$target/aot-training.yaml"
# A database nothing listens on: tools/list needs none, and the training run must not depend on one.
printf 'databases:\n  - {name: training, port: 1, connect_timeout: 1s}\n' > "$config"
requests='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"aot-training","version":"1"}}}
{"jsonrpc":"2.0","method":"notifications/initialized"}
{"jsonrpc":"2.0","id":2,"method":"tools/list"}
{"jsonrpc":"2.0","id":3,"method":"resources/list"}
{"jsonrpc":"2.0","id":4,"method":"prompts/list"}'
out="$target/aot-training.out"
# Its own state folder: the first run leaves the stdio snapshot there (never in the builder's home), so that the second,
# which writes the cache, answers initialize and tools/list from it as a client's second start does, and still builds the
# server behind (both paths' classes go into the cache).
state="$target/aot-training-state"
rm -rf "$state"
train() {
  : > "$out"
  # Keep stdin open until the last answer is out (at most 60 s, on a loaded machine), since EOF ends the server.
  { printf '%s\n' "$requests"; for _ in $(seq 600); do grep -q '"id":4' "$out" && break; sleep 0.1; done; } | XDG_STATE_HOME="$state" timeout 120 "$java" "$@" -Xlog:disable -Xlog:all=warning:stderr \
     -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.2 -XX:+UseSerialGC -Xmx256m -jar "$target/nl2sql.jar" --config "$config" serve --stdio >"$out" 2>"$target/aot-training.err"
}
if ! train || ! train -XX:AOTCacheOutput="$aot"; then
  echo "aot-cache: the training run failed (see $target/aot-training.err); nl2sql starts without an AOT cache" >&2
  rm -f "$aot"
  exit 0
fi
if ! grep -q '"id":2' "$out"; then
  echo "aot-cache: the training run did not answer tools/list (see $out)" >&2
fi
