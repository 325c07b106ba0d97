#!/usr/bin/env bash
# The version-data and checkout-data goals end to end, as a user runs them, next to `cp -r` +
# `sync` of the same files (issue 20's measure). Called by `benchmarks/run.sh store-goals` with the
# JVM command and class path of the benchmarks; needs the plugin installed in the local Maven
# repository (run.sh installs it). For each count in STORE_GOAL_COUNTS (default 10000,100000) and
# each of STORE_GOAL_ROUNDS rounds (default 3): a fresh project (pom with the plugin, the store in
# the project, `git init` and one commit) holding the generated 28x28 PNGs, read once into the page
# cache, then
#   Maven start     mvn -o -q validate
#   plugin loaded   mvn -o -q mlops:version-data -Dmlops.version-data.skip=true
#   version-data    mvn -o -q mlops:version-data (every object new)
#   checkout-data   mvn -o -q mlops:checkout-data of that version into a new directory
#   cp -r + sync    of the same files
# with wall seconds and the CPU seconds (user + system) of each mvn process. Prints one line per
# run and the medians; nothing is written to docs/benchmarks.md (the disk's load moves these
# numbers a lot: compare rows of one run only).
set -euo pipefail
java_cmd="$1"
cp="$2"
work="$3"
version="$4"
counts="${STORE_GOAL_COUNTS:-10000,100000}"
rounds="${STORE_GOAL_ROUNDS:-3}"

now() { date +%s.%N; }
seconds() { echo "$2 - $1" | bc; }
cpu() { awk '{printf "%.2f", $1 + $2}' "$1"; }

for count in ${counts//,/ }; do
  source_dir="$work/store-goals-files-$count"
  if [ ! -d "$source_dir" ]; then
    echo "generating $count files in $source_dir"
    $java_cmd -cp "$cp" dev.mlops.benchmarks.StoreFiles "$source_dir" "$count"
  fi
  results="$work/store-goals-$count.tsv"
  : > "$results"
  for round in $(seq 1 "$rounds"); do
    project="$work/store-goals-project"
    rm -rf "$project" "$work/store-goals-copy"
    mkdir -p "$project"
    cat > "$project/pom.xml" << POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId>
  <artifactId>store-goals</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <properties><mlops.store>\${project.basedir}/store</mlops.store></properties>
  <build><plugins><plugin>
    <groupId>dev.mlops</groupId><artifactId>mlops-maven-plugin</artifactId><version>$version</version>
  </plugin></plugins></build>
</project>
POM
    cp -r "$source_dir" "$project/data"
    (cd "$project" && printf 'data/\nstore/\ntarget/\nrestored/\n' > .gitignore \
      && git init -q && git add pom.xml .gitignore \
      && git -c user.email=bench@localhost -c user.name=bench commit -qm init)
    sync
    find "$project/data" -type f -print0 | xargs -0 cat > /dev/null
    cd "$project"
    t0=$(now); mvn -B -o -q validate > /dev/null 2>&1; t1=$(now)
    mvn -B -o -q mlops:version-data -Dmlops.version-data.skip=true > /dev/null 2>&1; t2=$(now)
    /usr/bin/time -o "$work/cpu-v" -f "%U %S" \
      mvn -B -o -q mlops:version-data -Dmlops.dataDirectory=data > "$work/store-goals-v.log" 2>&1 \
      || { cat "$work/store-goals-v.log"; exit 1; }
    t3=$(now); sync; t4=$(now)
    /usr/bin/time -o "$work/cpu-c" -f "%U %S" \
      mvn -B -o -q mlops:checkout-data -Dmlops.version=v1 -Dmlops.dataDirectory=restored \
      > "$work/store-goals-c.log" 2>&1 || { cat "$work/store-goals-c.log"; exit 1; }
    t5=$(now); sync; t6=$(now)
    cp -r data "$work/store-goals-copy"; sync; t7=$(now)
    cd - > /dev/null
    line=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s' "$(seconds "$t0" "$t1")" "$(seconds "$t1" "$t2")" \
      "$(seconds "$t2" "$t3")" "$(cpu "$work/cpu-v")" "$(seconds "$t4" "$t5")" \
      "$(cpu "$work/cpu-c")" "$(seconds "$t6" "$t7")")
    echo "$line" >> "$results"
    echo "$count files, round $round: $(echo "$line" | awk -F'\t' '{printf "Maven start %.2f s, plugin loaded %.2f s, version-data %.2f s (CPU %.2f s), checkout-data %.2f s (CPU %.2f s), cp -r + sync %.2f s", $1, $2, $3, $4, $5, $6, $7}')"
  done
  median() { cut -f"$1" "$results" | sort -g | awk '{a[NR]=$1} END {printf "%.2f", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
  start=$(median 1); vd=$(median 3); co=$(median 5); copy=$(median 7)
  echo "$count files, medians of $rounds: Maven start $start s, plugin loaded $(median 2) s," \
    "version-data $vd s ($(echo "scale=2; ($vd - $start) / $copy" | bc)x cp -r + sync beyond" \
    "Maven's start), checkout-data $co s ($(echo "scale=2; ($co - $start) / $copy" | bc)x)," \
    "cp -r + sync $copy s"
  rm -rf "$work/store-goals-project" "$work/store-goals-copy"
done
