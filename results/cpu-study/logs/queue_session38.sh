#!/usr/bin/env bash
# Session 38 (2026-12-05, Intel Xeon with AMX, 2 cores, bf16 autocast + channels_last), from /work/snap38 (08b1576);
# one job at a time.
# 1. The histogram head at full scale: the turned recipe (`rot3-stride4-rcrop-full-ep60`) plus --histogram-weight 1,
#    the weight with the three-seed proxy probe gain (+1.05 +- 0.64 at 1%). Then, from last.pt, as the turned run's
#    rows: the quick finetune rows (validation, seed 0, --input lab, layer decay 0.7; 10%: lr 1e-2, 29 epochs; 1%:
#    lr 5e-3, 334 epochs), the global validation probes, the colorization metrics on validation.
# 2. The test table's missing cell: tuned scratch at 1% labels, seed 2 (validation's choice since session 32:
#    16,000 steps co-trained from a random init with the turned rerun's pretext settings). That run's directory
#    did not outlive its session; --pretext-from reads only settings (objective, output stride, lambda, augment,
#    padding, turns, skips; none of the weights, and at lambda 1 the ab prior gives uniform weights), so a
#    one-epoch run with the rerun's pretext flags stands in for it.
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
cd /work/snap38
export PYTHONPATH=/work/snap38
echo "start $(date +%T) $(git rev-parse --short HEAD)"
turned=(--dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify --rebalance-lambda 1
        --model unet-s --augment resized-crop --output-stride 4 --rotation-weight 3)
run=hist1-rot3-stride4-rcrop-full-ep60
python -m ssl_colorize pretrain "${turned[@]}" --epochs 60 --histogram-weight 1 --out $M/runs/full --name "$run" \
  2>&1 | grep -v "^\s*[0-9]*%"
echo "$run pretraining done $(date +%T)"
RUN_DIR="$(ls -d $M/runs/full/pretrain/*-"$run" | tail -1)"
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/sweep_val_hist.csv --mode finetune --encoder "$RUN_DIR/last.pt" --input lab --layer-decay 0.7
      --label-smoothing 0 --weight-decay 0.05)
python -m ssl_colorize transfer "${base[@]}" --label-fraction 0.1 --lr 1e-2 --epochs 29
echo "finetune 0.1 done $(date +%T)"
python -m ssl_colorize transfer "${base[@]}" --label-fraction 0.01 --lr 5e-3 --epochs 334
echo "finetune 0.01 done $(date +%T)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/full --cache-dir /work/cache --out $S/probe_val.csv \
  --checkpoints "$RUN_DIR/last.pt"
echo "probes done $(date +%T)"
python -m ssl_colorize evaluate --model "$RUN_DIR" --dataset folder --data-dir $DATA \
  --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_session38.csv
echo "evaluate done $(date +%T)"
python -m ssl_colorize pretrain "${turned[@]}" --epochs 1 --limit 1024 --out $M/runs/settings \
  --name pretext-settings-rot3-stride4-rcrop 2>&1 | tail -2
SETTINGS="$(ls -d $M/runs/settings/pretrain/*-pretext-settings-rot3-stride4-rcrop | tail -1)"
common=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache
  --label-fraction 0.01 --eval-split test --results $S/transfer_test.csv --pool all --lr 0.002
  --weight-decay 0.5 --label-smoothing 0.1 --ema 0.999 --pretext-weight 0.3)
echo "$(date +%T) scratch choice, 16,000 steps, test seed 2"
python -m ssl_colorize transfer "${common[@]}" --seeds 2 --mode scratch --pretext-from "$SETTINGS" --epochs 5336 \
  2>&1 | grep -v "epoch\|decod\|keeps"
echo "queue done $(date +%T)"
