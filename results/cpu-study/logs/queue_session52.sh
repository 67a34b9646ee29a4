#!/usr/bin/env bash
# Session 51: what the machine does after queue_session51.sh (the 1% and 10% resnet18 rungs). resnet18's colorization
# on validation with semantic interpretability (a color classifier trained 15 epochs on the 45,000 fit images, then
# its top-1 on gray, colorized and true-color validation images). Beside the rung it ran at about 110 images/s and
# was stopped (STUDY.md, session 51); alone it takes about 10 minutes. The classifier is kept in runs/evaluate/.
set -euo pipefail
M=/work/main
cd /work/snap46
export PYTHONPATH=/work/snap46
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
while pgrep -f "queue_session51[.]sh" > /dev/null; do sleep 60; done
RUN_DIR="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)"
OUT=$M/results/cpu-study/evaluate_val_r18_semantic.csv
if [ -f $OUT ]; then echo "$OUT exists: skipped"; exit 0; fi
python -m ssl_colorize evaluate --model gray --model $RUN_DIR/last.pt --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache --eval-split val --results $OUT --classifier $M/runs/evaluate/color-classifier-cifar10-val.pt 2>&1 | grep --line-buffered -v "decod"
echo "queue done $(date +%T)"
