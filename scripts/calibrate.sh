#!/usr/bin/env bash
# Development only: grade every human-scored calibration file with the batch
# command and print Pearson r and RMSE against the human scores. The data
# stays in ../shared/calibration (never copy it into this repository).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${CALIBRATION_DIR:-../shared/calibration}
shopt -s nullglob
files=("$dir"/*.jsonl)
if [ ${#files[@]} -eq 0 ]; then
	echo "calibrate: no *.jsonl in $dir (set CALIBRATION_DIR)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/interviewbot" ./cmd/interviewbot
go build -o "$tmp/calibrate" ./cmd/calibrate
for f in "${files[@]}"; do
	"$tmp/interviewbot" grade --jsonl <"$f" >"$tmp/grades.jsonl"
	"$tmp/calibrate" -gold "$f" -pred "$tmp/grades.jsonl"
done
