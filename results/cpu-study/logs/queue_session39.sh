#!/usr/bin/env bash
# Session 39 (2026-12-05/06, Intel Xeon with AMX, 2 cores, bf16 autocast + channels_last), from /work/snap39 (96148ea);
# one job at a time.
# resnet18 at full scale, the test table's missing backbone: the turned recipe (`rot3-stride4-rcrop-full-ep60`)
# with --model resnet18, 20 epochs instead of 60 (about 290 s an epoch on these 2 cores: 60 epochs would be about
# 5 hours, more than a session). Then its validation probes (global and 4 x 4, with the random-init resnet18
# control), from last.pt as for the unet-s runs.
# The pretraining's epochs slowed from about 290 s to 360-490 s (epochs 7-8; nothing else running: the host), so at
# 00:17 this script's shell was stopped with the pretraining left running, and queue_session39c.sh took over the steps
# after it, cut to fit the session (the lines below the pretraining did not run).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
cd /work/snap39
export PYTHONPATH=/work/snap39
echo "start $(date +%T) $(git rev-parse --short HEAD)"
run=r18-rot3-stride4-rcrop-full-ep20
python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
  --rebalance-lambda 1 --model resnet18 --augment resized-crop --output-stride 4 --rotation-weight 3 --epochs 20 \
  --save-every 100 --out $M/runs/r18full --name "$run" 2>&1 | grep --line-buffered -v "^\s*[0-9]*%"
echo "$run pretraining done $(date +%T)"
RUN_DIR="$(ls -d $M/runs/r18full/pretrain/*-"$run" | tail -1)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/r18full --cache-dir /work/cache --out $S/probe_val.csv \
  --checkpoints "$RUN_DIR/last.pt"
echo "global probes done $(date +%T)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/r18full --cache-dir /work/cache \
  --out $S/probe_val_grid.csv --pool-grid 4 --l2 1e-3 1e-2 1e-1 1 3 10 --checkpoints "$RUN_DIR/last.pt"
echo "queue done $(date +%T)"
