#!/usr/bin/env bash
# Session 26 (2026-11-29, CPU: AMD EPYC, 2 cores), fourth queue: the 1% comparison on validation at a second
# seed, both sides (each mode's recipe as choose.py picks it over every validation row: finetune co-trained
# W = 0.1 from the rerun turned encoder's last.pt, scratch co-trained W = 0.3 from a random init; 2,000 steps
# each), validation seed 1. sweep_val_grid.csv is left out of the pick: at 1% its grid-2 finetune row ties the
# global one (62.90 both, seed 0) and choose.py would take the grid on the tie, where the study kept the
# default (global pooling). Run from /work/snap26d (c4c1abb).
set -euo pipefail
cd /work/snap26d
export PYTHONPATH=/work/snap26d
S=/work/main/results/cpu-study
NAME=20261128-110204-rot3-stride4-rcrop-full-ep60-rerun
RUN=/work/main/runs/ablation/pretrain/$NAME/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
mapfile -t sweeps < <(ls $S/sweep_val*.csv | grep -v sweep_val_grid)
data=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --eval-split val --seeds 1)
finetune=$(python benchmarks/choose.py sweep "${sweeps[@]}" --mode finetune --fraction 0.01 --encoder-id $NAME 2> /dev/null)
scratch=$(python benchmarks/choose.py sweep "${sweeps[@]}" --mode scratch --fraction 0.01 2> /dev/null)
echo "finetune: $finetune"
echo "scratch: $scratch"
# shellcheck disable=SC2086  # the options are words
python -m ssl_colorize transfer "${data[@]}" --encoder $RUN --label-fraction 0.01 $finetune --results $S/sweep_val_cotrain.csv
echo "finetune done $(date +%T)"
# shellcheck disable=SC2086
python -m ssl_colorize transfer "${data[@]}" --pretext-from $RUN --label-fraction 0.01 $scratch --results $S/sweep_val_cotrain_scratch.csv
echo "scratch done $(date +%T)"
