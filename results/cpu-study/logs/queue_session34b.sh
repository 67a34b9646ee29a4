#!/usr/bin/env bash
# Session 34 (2026-12-03, CPU: Intel Xeon with AMX, 2 cores), after queue_session34's three proxy runs (it is
# stopped before its probe step, which this queue runs at the end instead): the tone-jitter lever at full
# scale, where the pretext memorizes (proxy scale, 10 epochs, undervalued the other augmentation lever,
# resized crops: -1 at proxy, +0.6-0.8 probe at full scale). `rot3-stride4-rcrop-full-ep60` ("turned") with
# `--tone-jitter 0.5`; then the same quick finetune rows as the turned run's (validation, seed 0, last.pt,
# --input lab, layer decay 0.7; 1%: lr 5e-3, 334 epochs; 10%: lr 1e-2, 29 epochs), the colorization metrics,
# and the validation probes of every run under runs/ablation. Run from /work/snap34 (fbb8682).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
while ! grep -q "rot3-stride4-rerun2 evaluate done" $S/logs/queue_session34.log; do sleep 10; done
pkill -f queue_session34.sh || true
sleep 2
pkill -f benchmarks/ablation.py || true
cd /work/snap34
export PYTHONPATH=/work/snap34
echo "start $(date +%T) $(git rev-parse --short HEAD)"
run=tone0.5-rot3-stride4-rcrop-full-ep60
python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
  --rebalance-lambda 1 --model unet-s --epochs 60 --augment resized-crop --output-stride 4 --rotation-weight 3 \
  --tone-jitter 0.5 --out $M/runs/ablation --name $run
echo "$run pretraining done $(date +%T)"
RUN_DIR="$(ls -d $P/*-$run | tail -1)"
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/sweep_val_tone.csv --mode finetune --encoder $RUN_DIR/last.pt --input lab --layer-decay 0.7
      --label-smoothing 0 --weight-decay 0.05)
python -m ssl_colorize transfer "${base[@]}" --label-fraction 0.1 --lr 1e-2 --epochs 29
echo "finetune 0.1 done $(date +%T)"
python -m ssl_colorize transfer "${base[@]}" --label-fraction 0.01 --lr 5e-3 --epochs 334
echo "finetune 0.01 done $(date +%T)"
python -m ssl_colorize evaluate --model $RUN_DIR --dataset folder --data-dir $DATA \
  --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_session34.csv
echo "evaluate done $(date +%T)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache --out $S/probe_val.csv \
  --checkpoints $RUN_DIR/last.pt
echo "probes done $(date +%T)"
