#!/usr/bin/env bash
# The runtime-free distribution, from the packaged assembly (target/nl2sql.jar + lib/):
#   target/dist/nl2sql-VERSION/    bin/nl2sql, runtime/ (jlink: only the modules jdeps finds, plus those reached by
#                                  reflection), app/ (the jars and the AOT cache trained with that runtime)
#   target/nl2sql-VERSION-linux-x64.tar.gz
#   target/image-root/             what the OCI image holds beside Jib's layers of the jars: the runtime at /opt/java,
#                                  the shared libraries it loads, a passwd entry for nobody, /tmp. Jib (profile dist)
#                                  builds the image archive from scratch, no registry and no Docker daemon.
set -euo pipefail
java_home=$1 target=$2 version=$3 sources=$4
name="nl2sql-$version"
dist="$target/dist/$name"
rm -rf "$target/dist" "$target/image-root" "$target/$name-linux-x64.tar.gz"
mkdir -p "$dist/bin" "$dist/app"
cp "$target/nl2sql.jar" "$dist/app/"
cp -r "$target/lib" "$dist/app/lib"

# jdeps sees what the code names; jdk.unsupported (sun.misc.Unsafe) and jdk.zipfs are reached by reflection.
modules=$("$java_home/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 21 --class-path "$dist/app/lib/*" \
  "$dist/app/nl2sql.jar")
"$java_home/bin/jlink" --add-modules "$modules,jdk.unsupported,jdk.zipfs" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$dist/runtime"
cp "$sources/src/dist/nl2sql" "$dist/bin/nl2sql"
chmod 755 "$dist/bin/nl2sql"
# The AOT cache must come from the runtime that uses it: train it with the jlink'd one.
bash "$sources/src/build/aot-cache.sh" "$dist/runtime" "$dist/app"
rm -rf "$dist/app"/aot-training.* "$dist/app"/aot-training-state
tar -C "$target/dist" -czf "$target/$name-linux-x64.tar.gz" "$name"

# The image: the runtime at /opt/java (Jib adds the jars), and the few files of an operating system it needs.
root="$target/image-root"
mkdir -p "$root/opt" "$root/etc" "$root/tmp"
cp -a "$dist/runtime" "$root/opt/java"
for binary in "$dist/runtime/bin/java" "$dist"/runtime/lib/*.so "$dist"/runtime/lib/server/*.so; do
  ldd "$binary" 2>/dev/null | grep -o '/[^ ]*' || true
done | sort -u | while read -r library; do
  mkdir -p "$root$(dirname "$library")"
  cp -L "$library" "$root$library"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/tmp:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
echo "dist: $target/$name-linux-x64.tar.gz ($(du -h "$target/$name-linux-x64.tar.gz" | cut -f1)), modules $modules" >&2
