#!/usr/bin/env bash
# Session 36 (2026-12-04, CPU: AMD EPYC Zen 3 with AVX2 only, no bf16 unit, 2 cores, fp32): a new pretext lever
# with a bigger hoped-for upside than the histogram head: view invariance (--view-weight 1: VICReg between the
# pooled deepest stage of each training image and of a second view of it, a resized crop with its own tone
# curve). `view1-rot3-stride4` is rot3-stride4 (seeds 0-2 on file) with --view-weight 1, pretraining seed 0, proxy
# scale (ab-classify, lambda 1, stride 4, rotation weight 3, 20,000 fit images, 10 epochs); then its validation
# probes (ablation.py), the colorization metrics, and the proxy finetune rows (validation, seed 0, lr 5e-3,
# layer decay 0.7, best.pt, gray) at 1% and 10%. Run from a worktree snapshot (/work/snap36).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
cd /work/snap36
export PYTHONPATH=/work/snap36
echo "start $(date +%T) $(git rev-parse --short HEAD)"
run=${RUN:-view1-rot3-stride4}
python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
  --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
  --view-weight "${VIEW_WEIGHT:-1}" --name "$run"
echo "$run pretraining done $(date +%T)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache --out $S/probe_val.csv
echo "$run probes done $(date +%T)"
python -m ssl_colorize evaluate --model "$(ls -d $P/*-"$run" | tail -1)" --dataset folder --data-dir $DATA \
  --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_session36.csv
echo "$run evaluate done $(date +%T)"
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
for fraction in 0.01 0.1; do
  python -m ssl_colorize transfer "${base[@]}" --label-fraction $fraction --encoder "$(ls -d $P/*-"$run" | tail -1)"
  echo "$run finetune $fraction done $(date +%T)"
done
echo "queue done $(date +%T)"
