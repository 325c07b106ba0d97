#!/usr/bin/env bash
# No-op build cost (not a test): the example's `mvn install` when nothing changed, against Maven's
# own no-op on an empty pom project: standalone, and with the example's parent and settings
# (enforcer on, spotless skipped as the example skips it), so that the difference is the mlops
# goals alone. The three builds are interleaved, ROUNDS times, so machine load hits all alike;
# prints one line per build with its wall time in seconds (JVM start included), then the medians.
# Usage: [REPO=/path/to/local/repository] [ROUNDS=5] benchmarks/noop.sh
# REPO defaults to ~/.m2/repository; the plugin is installed there first.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
repo="${REPO:-$HOME/.m2/repository}"
rounds="${ROUNDS:-5}"
work="$root/benchmarks/target/noop"
mkdir -p "$work/standalone" "$work/parent"
cat > "$work/standalone/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.mlops.noop</groupId>
  <artifactId>standalone</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <build><pluginManagement><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId>
    <artifactId>maven-install-plugin</artifactId>
    <version>3.1.4</version>
  </plugin></plugins></pluginManagement></build>
</project>
POM
cat > "$work/parent/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>dev.mlops</groupId>
    <artifactId>mlops-parent</artifactId>
    <version>0.1.0-SNAPSHOT</version>
    <relativePath>$root/pom.xml</relativePath>
  </parent>
  <artifactId>noop-parent</artifactId>
  <packaging>pom</packaging>
  <properties>
    <spotless.check.skip>true</spotless.check.skip>
  </properties>
</project>
POM
mvn -B -q -o install -DskipTests -Dinvoker.skip=true -pl mlops-core,mlops-maven-plugin -am \
  -Dmaven.repo.local="$repo"
# The first example build trains (or restores from the run cache); only later ones are no-ops.
mvn -B -q -o install -pl example-project -Dmaven.repo.local="$repo" > "$work/warm-up.log"
run() {
  local label=$1 dir=$2
  shift 2
  local start end
  start=$(date +%s%N)
  (cd "$dir" && mvn -B -q -o "$@" -Dmaven.repo.local="$repo" > "$work/$label.log" 2>&1)
  end=$(date +%s%N)
  printf '%-18s %.2f\n' "$label" "$(echo "($end - $start) / 1000000000" | bc -l)" \
    | tee -a "$work/times.txt"
}
rm -f "$work/times.txt"
for _ in $(seq 1 "$rounds"); do
  run empty-standalone "$work/standalone" install
  run empty-parent "$work/parent" install
  run example "$root" install -pl example-project
done
for label in empty-standalone empty-parent example; do
  printf '%-18s median %s s\n' "$label" \
    "$(grep "^$label " "$work/times.txt" | awk '{print $2}' | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}')"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores"
