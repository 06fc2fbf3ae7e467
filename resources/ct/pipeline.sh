#!/usr/bin/env bash
# Continuous training with Lathe: sweep on new data -> best trial -> gate -> register -> alias -> publish.
# docs/continuous-training.md explains each step, its exit code, and how to run this from CI.
#
# usage: pipeline.sh SWEEP.yaml VALIDATION.csv MODEL_NAME
#
# environment:
#   LATHE            the lathe command (default: the launcher two folders up); may hold arguments, e.g.
#                    "java -cp ... dev.lathe.runner.Main"
#   LATHE_WORKSPACE  the workspace folder (default: lathe's default workspace)
#   GATE_METRIC      accuracy (classification), rmse or mae (regression); default: accuracy or rmse
#   GATE_MIN         the candidate's metric must reach this (default: no minimum)
#   PROMOTE          1 (default): a candidate that passes becomes champion; 0: it stays challenger for review
#   PUBLISH_TO       where `lathe publish` sends the new champion (oci://..., mlflow+http://..., git+...); the
#                    step is skipped when empty or when this lathe has no publish command
#
# exit codes: 0 done (a new version registered, aliased and, when asked, published); 2 bad input; 3 workspace;
# 6 the candidate did not pass the gate (nothing registered); 20 the sweep produced no finished trial;
# any other: the exit code of the step that failed (the message names it).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
read -r -a lathe <<< "${LATHE:-$here/../../lathe}"
if [ $# -ne 3 ]; then
  echo "usage: $(basename "$0") SWEEP.yaml VALIDATION.csv MODEL_NAME" >&2
  exit 2
fi
sweep_file="$1"; validation="$2"; model="$3"
ws=()
[ -n "${LATHE_WORKSPACE:-}" ] && ws=(--workspace "$LATHE_WORKSPACE")

step() { printf 'ct: %s\n' "$*" >&2; }

# Runs one lathe step; on failure prints which step and exits with its code.
run() {
  local name="$1"; shift
  local out rc
  out="$("${lathe[@]}" "$@" "${ws[@]}")"; rc=$?
  if [ $rc -ne 0 ]; then
    step "$name failed (exit $rc)"
    exit $rc
  fi
  printf '%s' "$out"
}

# Reads a field from the JSON document that ends stdin (progress lines may come first): json_get best.run_id
json_get() {
  python3 -c 'import json,sys
text=sys.stdin.read()
start=0 if text.startswith("{") else text.find("\n{")+1
v=json.loads(text[start:])
for k in sys.argv[1].split("."):
    v=None if v is None else v.get(k)
print("" if v is None else v)' "$1"
}

step "1/6 sweep $sweep_file"
sweep_id="$(run "sweep start" sweep start "$sweep_file" --format json | json_get id)" || exit $?

step "2/6 best trial of sweep $sweep_id"
status="$(run "sweep status" sweep status "$sweep_id" --format json)" || exit $?
best="$(printf '%s' "$status" | json_get best.run_id)"
if [ -z "$best" ]; then
  step "sweep $sweep_id has no finished trial: nothing to promote"
  exit 20
fi
step "best run $best ($(printf '%s' "$status" | json_get metric.name) $(printf '%s' "$status" | json_get best.value))"

step "3/6 gate on $validation"
gate=(gate "$best" --data "$validation" --champion "$model@champion" --format json)
[ -n "${GATE_METRIC:-}" ] && gate+=(--metric "$GATE_METRIC")
[ -n "${GATE_MIN:-}" ] && gate+=(--min "$GATE_MIN")
verdict="$("${lathe[@]}" "${gate[@]}" "${ws[@]}")"; rc=$?
printf '%s' "$verdict" | python3 -c 'import json,sys
for r in json.load(sys.stdin).get("reasons", []): print("ct:   " + r, file=sys.stderr)' || true
if [ $rc -eq 6 ]; then
  step "the candidate did not pass the gate: nothing registered"
  exit 6
elif [ $rc -ne 0 ]; then
  step "gate failed (exit $rc)"
  exit $rc
fi

step "4/6 register run $best as $model"
version="$(run "models register" models register "$best" --name "$model" --description "continuous training, sweep $sweep_id" --format json | json_get version)" || exit $?

step "5/6 alias $model:$version"
run "alias challenger" models alias "$model" "$version" challenger --comment "sweep $sweep_id passed the gate" >/dev/null || exit $?
if [ "${PROMOTE:-1}" = 1 ]; then
  run "alias champion" models alias "$model" "$version" champion --comment "promoted by the pipeline, sweep $sweep_id" >/dev/null || exit $?
  promoted="champion"
else
  promoted="challenger"
fi

step "6/6 publish"
if [ -z "${PUBLISH_TO:-}" ]; then
  step "PUBLISH_TO is not set: not published"
elif ! "${lathe[@]}" publish --help >/dev/null 2>&1; then
  step "this lathe has no publish command: not published"
else
  run "publish" publish "$model@$promoted" --to "$PUBLISH_TO" >/dev/null || exit $?
fi
step "done: $model:$version is $promoted"
printf '{"model": "%s", "version": %s, "alias": "%s", "run_id": "%s", "sweep_id": "%s"}\n' \
  "$model" "$version" "$promoted" "$best" "$sweep_id"
