#!/usr/bin/env bash
# Stopped (its bash killed) during the 1% scratch --input lab run, which finished under it; queue_session18c.sh ran the rest.
# Session of 2026-11-28 (CPU, 2 cores), second queue: replaces queue_session18.sh after its first run (the
# 2,000-step finetune row, which finished under it; its bash was stopped so the order could change).
# Run from the worktree snapshot /work/snap18b (commit ec6ff0f: adds `transfer --input lab`); data, runs
# and CSVs by absolute path. All on the validation split, seed 0, encoder stride4-rcrop-full-ep60@last.
# 1. The 2,000-step scratch row (the pair's other half; tuned scratch recipe).
# 2. Colors at transfer time (--input lab), equal effort: finetune with the Lab input (first conv widened
#    with zero ab weights) and scratch with the Lab input, each with its gray recipe, at 10% and 1%; scratch
#    on RGB at 10% (what a user without the encoder would run).
# 3. Finetune lr 1e-2 at 1% labels against 5e-3 (layer decay 0.7 both), before moving the default.
# 4. resnet18 at proxy scale (the `stride4` row's recipe: ab-classify, lambda 1, output stride 4, 20,000
#    images, 10 epochs), its validation probes with its own random-init control, and its 10% finetune and
#    scratch rows (the proxy rows' recipes, 1,000 steps).
set -euo pipefail
cd /work/snap18b
export PYTHONPATH=/work/snap18b  # scripts (benchmarks/*.py) too, not the editable install of /work/main
M=/work/main
DATA=/work/shared/data/cifar10
ENC=$M/runs/ablation/pretrain/20261127-204118-stride4-rcrop-full-ep60/last.pt
while pgrep -f "sweep_val_10pct_steps" >/dev/null; do sleep 10; done
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0)
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize transfer "${base[@]}" --label-fraction 0.1 --min-steps 2000 \
  --results $M/results/cpu-study/sweep_val_10pct_steps.csv --mode scratch --lr 2e-3 --label-smoothing 0.1
echo "2000-step pair done $(date +%T)"
ten=(--label-fraction 0.1 --results $M/results/cpu-study/sweep_val_input.csv)
one=(--label-fraction 0.01 --results $M/results/cpu-study/sweep_val_input.csv)
python -m ssl_colorize transfer "${base[@]}" "${ten[@]}" --input lab --mode finetune --encoder $ENC --lr 1e-2 --layer-decay 0.7 --label-smoothing 0
python -m ssl_colorize transfer "${base[@]}" "${ten[@]}" --input lab --mode scratch --lr 2e-3 --label-smoothing 0.1
python -m ssl_colorize transfer "${base[@]}" "${ten[@]}" --input rgb --mode scratch --lr 2e-3 --label-smoothing 0.1
echo "10% input rows done $(date +%T)"
python -m ssl_colorize transfer "${base[@]}" "${one[@]}" --input lab --mode finetune --encoder $ENC --lr 5e-3 --layer-decay 0.7 --label-smoothing 0
python -m ssl_colorize transfer "${base[@]}" "${one[@]}" --input lab --mode scratch --lr 2e-3 --label-smoothing 0.1 --weight-decay 0.5
echo "1% input rows done $(date +%T)"
lr1=(--label-fraction 0.01 --results $M/results/cpu-study/sweep_val_1pct_stride4.csv --mode finetune --encoder $ENC
     --layer-decay 0.7 --label-smoothing 0)
python -m ssl_colorize transfer "${base[@]}" "${lr1[@]}" --lr 5e-3
python -m ssl_colorize transfer "${base[@]}" "${lr1[@]}" --lr 1e-2
echo "1% lr pair done $(date +%T)"
python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
  --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --model resnet18 \
  --name resnet18-stride4
echo "resnet18 pretraining done $(date +%T)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache \
  --out $M/results/cpu-study/probe_val.csv
echo "probes done $(date +%T)"
R18=$(ls -d $M/runs/ablation/pretrain/*-resnet18-stride4 | tail -1)
r18=(--label-fraction 0.1 --results $M/results/cpu-study/ablation_finetune_val.csv)
python -m ssl_colorize transfer "${base[@]}" "${r18[@]}" --mode finetune --encoder "$R18" --lr 5e-3 --layer-decay 0.7 --label-smoothing 0
python -m ssl_colorize transfer "${base[@]}" "${r18[@]}" --mode scratch --model resnet18 --lr 2e-3 --label-smoothing 0.1
echo "resnet18 10% pair done $(date +%T)"
