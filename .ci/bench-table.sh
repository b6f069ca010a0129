#!/usr/bin/env bash
# The table `make bench` ends with: every "ratio NAME: R (goal <= G) VERDICT" line the
# benchmarks printed (benchratio.Line, .ci/startup.sh), one row each, and how many are OVER.
set -euo pipefail
awk '
  /^ratio / {
    line = substr($0, 7)
    name = substr(line, 1, index(line, ": ") - 1)
    rest = substr(line, index(line, ": ") + 2)
    split(rest, f, " ")
    goal = rest; sub(/^[^(]*\(goal <= /, "", goal); sub(/\).*/, "", goal)
    verdict = rest; sub(/^[^)]*\) /, "", verdict); sub(/ .*/, "", verdict)
    rows[++n] = sprintf("%-70s %9s %9s  %s", name, f[1], "<= " goal, verdict)
    if (verdict == "OVER") over++
  }
  END {
    printf "\n%-70s %9s %9s  %s\n", "ratio (ours / floor)", "measured", "goal", ""
    for (i = 1; i <= n; i++) print rows[i]
    printf "%d ratios, %d OVER\n", n, over
  }' "$@"
