#!/usr/bin/env python3
"""Start-up medians of the packaged assembly, with and without the AOT cache (docs/performance.md, "Start-up").

usage: startup-bench.py JAVA TARGET_DIR [ROUNDS]
Measures `nl2sql --version` (spawn to exit) and `nl2sql serve --stdio` (spawn to the tools/list answer), round-robin.
"""
import json, os, statistics, subprocess, sys, time

java, target = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 11
jar, aot, config = f"{target}/nl2sql.jar", f"{target}/nl2sql.aot", f"{target}/aot-training.yaml"
base = [java, "-Xlog:disable", "-Xlog:all=warning:stderr"]
configs = {
    "default (C2)": base,
    "C1": base + ["-XX:TieredStopAtLevel=1"],
    "AOT cache + C1 (./nl2sql)": base + ["-XX:TieredStopAtLevel=1", f"-XX:AOTCache={aot}"],
}
REQUESTS = [
    {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                                                                   "clientInfo": {"name": "bench", "version": "1"}}},
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
]

def version(flags):
    started = time.perf_counter()
    subprocess.run(flags + ["-jar", jar, "--version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - started) * 1000

def tools_list(flags):
    started = time.perf_counter()
    p = subprocess.Popen(flags + ["-jar", jar, "--config", config, "serve", "--stdio"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for r in REQUESTS:
        p.stdin.write(json.dumps(r) + "\n")
    p.stdin.flush()
    for line in p.stdout:
        if '"id":2' in line:
            took = (time.perf_counter() - started) * 1000
            break
    p.kill()
    p.wait()
    return took

results = {name: {"version": [], "tools": []} for name in configs}
for name, flags in configs.items():  # warm-up: page cache
    version(flags); tools_list(flags)
for _ in range(rounds):
    for name, flags in configs.items():
        results[name]["version"].append(version(flags))
        results[name]["tools"].append(tools_list(flags))
print(f"| JVM flags | `--version` median ms | stdio spawn to `tools/list` median ms |")
print("|---|---:|---:|")
for name, r in results.items():
    print(f"| {name} | {statistics.median(r['version']):.0f} | {statistics.median(r['tools']):.0f} |")
