#!/bin/sh
# Reads a CAS XMI export with Apache UIMA's own Java deserializer (the library INCEpTION and
# WebAnno are built on) and prints each span's label and covered text, each relation's ends.
# Needs a JDK and Debian's libuima-core-java (apt-get install default-jdk-headless libuima-core-java).
#   annotator export P --gold -f cas-xmi -o cas && sh tests/benchmarks/uima/check_cas_xmi.sh cas
set -e
jar=/usr/share/java/uimaj-core.jar
if ! command -v javac >/dev/null || [ ! -f "$jar" ]; then
    echo "no JDK or no $jar here: nothing checked"; exit 0
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(mktemp -d)
javac -d "$build" -cp "$jar" "$here/CheckXmi.java"
find "$1" -name '*.xmi' -print0 | xargs -0 java -cp "$jar:$build" CheckXmi
