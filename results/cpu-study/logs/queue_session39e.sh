#!/usr/bin/env bash
# Session 39, fifth queue. The resnet18 pretraining (queue_session39.sh) was stopped with SIGTERM at 01:03 during epoch
# 14 of 20 (last.pt saved; queue_session39d.sh resumes it in a later session), when the host's slowdown meant it
# could not finish in this session. This queue runs its comparator instead, which resnet18's 20 epochs need anyway:
# unet-s with the turned recipe for the same 20 epochs at full scale (the 60-epoch runs are not the same schedule).
# Then its global validation probes (last.pt and best.pt), the quick finetune rows (validation, seed 0, --input lab,
# layer decay 0.7; 10%: lr 1e-2, 29 epochs; 1%: lr 5e-3, 334 epochs: the rows the 60-epoch turned runs have) and the
# 4 x 4 validation probes.
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
cd /work/snap39
export PYTHONPATH=/work/snap39
echo "start $(date +%T) $(git rev-parse --short HEAD)"
run=rot3-stride4-rcrop-full-ep20
python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
  --rebalance-lambda 1 --model unet-s --augment resized-crop --output-stride 4 --rotation-weight 3 --epochs 20 \
  --out $M/runs/u20full --name "$run" 2>&1 | grep --line-buffered -v "^\s*[0-9]*%"
echo "$run pretraining done $(date +%T)"
RUN_DIR="$(ls -d $M/runs/u20full/pretrain/*-"$run" | tail -1)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/u20full --cache-dir /work/cache --out $S/probe_val.csv \
  --checkpoints "$RUN_DIR/last.pt"
echo "global probes done $(date +%T)"
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/sweep_val_ep20.csv --mode finetune --encoder "$RUN_DIR/last.pt" --input lab --layer-decay 0.7
      --label-smoothing 0 --weight-decay 0.05)
python -m ssl_colorize transfer "${base[@]}" --label-fraction 0.1 --lr 1e-2 --epochs 29
echo "finetune 0.1 done $(date +%T)"
python -m ssl_colorize transfer "${base[@]}" --label-fraction 0.01 --lr 5e-3 --epochs 334
echo "finetune 0.01 done $(date +%T)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/u20full --cache-dir /work/cache \
  --out $S/probe_val_grid.csv --pool-grid 4 --l2 1e-2 1e-1 1 3 --checkpoints "$RUN_DIR/last.pt"
echo "queue done $(date +%T)"
