#!/usr/bin/env bash
# Session 21 (2026-11-28, CPU: AMD EPYC, 2 cores, AVX512-BF16 without AMX), after queue_session21b.sh:
# the turned encoder's full-scale pretraining again, the same command as the README's (seed 0) on this
# session's CPU: how far do the 10% rows move between two pretraining runs of one recipe? The encoder
# (last.pt, as the test rows use) is exported to results/cpu-study/encoders/ so later sessions can
# finetune from it without 45 minutes of pretraining (run directories do not outlive a session).
# Then: its validation probes, the 10% finetune row on validation (seed 0, the recipe of the test table)
# and the 10% test rows (3 seeds), then the 1% test rows with the 1% recipe.
# Run from /work/snap21 (commit in the log).
set -euo pipefail
cd /work/snap21
export PYTHONPATH=/work/snap21
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
NAME=rot3-stride4-rcrop-full-ep60-rerun
while pgrep -f "queue_session21b[.]sh" >/dev/null; do sleep 10; done
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
  --rebalance-lambda 1 --model unet-s --epochs 60 --augment resized-crop --output-stride 4 --rotation-weight 3 \
  --out $M/runs/ablation --name $NAME
RUN=$(ls -d $M/runs/ablation/pretrain/*-$NAME | tail -1)
echo "pretrained $(date +%T): $RUN"
python -m ssl_colorize export $RUN/last.pt --out $S/encoders/$NAME.safetensors
ENC=$S/encoders/$NAME.safetensors
common=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --mode finetune --encoder $ENC
        --input lab --layer-decay 0.7 --label-smoothing 0)
python -m ssl_colorize transfer "${common[@]}" --label-fraction 0.1 --lr 1e-2 --eval-split val --seeds 0 \
  --results $S/sweep_val_rotation.csv
echo "val 10% done $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" --label-fraction 0.1 --lr 1e-2 --eval-split test --seeds 0,1,2 \
  --results $S/transfer_test.csv
echo "test 10% done $(date +%T)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache --out $S/probe_val.csv \
  --checkpoints $RUN/last.pt
echo "probes done $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" --label-fraction 0.01 --lr 5e-3 --eval-split test --seeds 0,1,2 \
  --results $S/transfer_test.csv
echo "test 1% done $(date +%T)"
