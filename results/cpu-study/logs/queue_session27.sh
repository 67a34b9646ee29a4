#!/usr/bin/env bash
# Session 27 (2026-11-29, CPU: AMD EPYC, 2 cores): the masked-gray lever at proxy scale (`pretrain --mask-share P`,
# commit 71db5ba): `rot3-stride4` (the proxy recipe full scale chose: ab-classify, lambda 1, output stride 4,
# rotation weight 3, the first 20,000 fit images, 10 epochs) with the gray hidden on up to 50% and 90% of the
# 8x8 cells per image (mean 25% and 45%); then the validation probes of the new runs (ablation.py resumes),
# the proxy finetune rows (validation, seed 0, lr 5e-3, layer decay 0.7, best.pt, gray) at 10% and 1%, and the
# colorization metrics (validation, no semantic classifier, whole images). Run from /work/snap27 (71db5ba).
set -euo pipefail
cd /work/snap27
export PYTHONPATH=/work/snap27
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
echo "start $(date +%T) $(git rev-parse --short HEAD)"
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
for share in 0.5 0.9; do
  run=mask$share-rot3-stride4
  python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
    --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
    --mask-share $share --name $run
  echo "mask $share pretraining done $(date +%T)"
  for fraction in 0.1 0.01; do
    python -m ssl_colorize transfer "${base[@]}" --label-fraction $fraction --encoder "$(ls -d $P/*-$run | tail -1)"
    echo "finetune $share $fraction done $(date +%T)"
  done
  python -m ssl_colorize evaluate --model "$(ls -d $P/*-$run | tail -1)" --dataset folder --data-dir $DATA \
    --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_mask.csv
  echo "evaluate $share done $(date +%T)"
done
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache --out $S/probe_val.csv
echo "probes done $(date +%T)"
