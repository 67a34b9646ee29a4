#!/usr/bin/env bash
# Stopped (its bash killed, 23:15) during the resnet18 pretraining, which finished under it: queue_session26b.sh runs
# the rest in a new order (the color-hint lever first).
# Its epoch 2 took 424 s because this session's unit tests ran beside it (23:08-23:14); the other epochs 115-116 s.
# Session 26 (2026-11-28, CPU: AMD EPYC, 2 cores): resnet18's proxy-scale transfer rows, the cells the lever
# table left "not measured". resnet18-stride4 is pretrained again with session 18's command (its run directory
# did not outlive that session): ab-classify, lambda 1, output stride 4, the first 20,000 fit images, 10 epochs.
# Then, validation split, seed 0, the proxy rows' recipes (1,000 steps at least): finetune lr 5e-3, layer decay
# 0.7 (best.pt, as every proxy finetune row), and scratch resnet18 lr 2e-3, label smoothing 0.1 (1%: weight
# decay 0.5), at 10% and 1% labels; last the validation probes of the new run (ablation.py resumes: only the
# new encoder is probed). Run from /work/snap26 (31eb81d).
set -euo pipefail
cd /work/snap26
export PYTHONPATH=/work/snap26
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
  --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --model resnet18 \
  --name resnet18-stride4
echo "resnet18 pretraining done $(date +%T)"
R18=$(ls -d $M/runs/ablation/pretrain/*-resnet18-stride4 | tail -1)
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv)
for fraction in 0.1 0.01; do
  wd=0.05; [ $fraction = 0.01 ] && wd=0.5
  python -m ssl_colorize transfer "${base[@]}" --label-fraction $fraction --mode finetune --encoder "$R18" \
    --lr 5e-3 --layer-decay 0.7 --label-smoothing 0
  echo "finetune $fraction done $(date +%T)"
  python -m ssl_colorize transfer "${base[@]}" --label-fraction $fraction --mode scratch --model resnet18 \
    --lr 2e-3 --label-smoothing 0.1 --weight-decay $wd
  echo "scratch $fraction done $(date +%T)"
done
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache --out $S/probe_val.csv
echo "probes done $(date +%T)"
