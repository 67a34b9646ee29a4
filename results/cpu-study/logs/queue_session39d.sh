#!/usr/bin/env bash
# For the session after 39: finish the resnet18 full-scale pretraining that session 39 could not (its epochs slowed
# from 290 s to 780 s on that session's host; stopped with SIGTERM during epoch 14), then run queue_session39c.sh's
# steps once (probes, test probe rows, quick finetune rows; its wait for session 39's process returns at once).
# Resuming gives the same weights as an uninterrupted run (README, Faults), from last.pt (written every 100 steps). Needs session 39's run directory (runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20).
set -euo pipefail
M=/work/main
RUN_DIR="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)"
[ -d /work/snap39 ] || git -C $M worktree add /work/snap39 96148ea
cd /work/snap39
export PYTHONPATH=/work/snap39
echo "resume $(date +%T) $(git rev-parse --short HEAD), epochs done: $(($(wc -l < "$RUN_DIR/metrics.csv") - 1))"
if [ "$(($(wc -l < "$RUN_DIR/metrics.csv") - 1))" -lt 20 ]; then
  python -m ssl_colorize pretrain --resume "$RUN_DIR" 2>&1 | grep --line-buffered -v "^\s*[0-9]*%"
fi
echo "pretraining done $(date +%T)"
bash $M/results/cpu-study/logs/queue_session39c.sh
