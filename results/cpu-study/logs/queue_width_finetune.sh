#!/usr/bin/env bash
# Finetune side of the proxy-scale width / skips ablation (validation, seed 0): the chosen recipes per fraction,
# finetuning each proxy encoder (best.pt) and training unet-m from scratch (unet-s scratch rows: sweep_val*.csv).
set -euo pipefail
cd /work/main
export PYTHONPATH=/work/snap70
run() { ls -d runs/ablation/pretrain/*-"$1" | tail -1; }
csv=results/cpu-study/ablation_finetune_val.csv
common=(--task classify --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache --eval-split val --results $csv)
for fraction in 0.1 0.01; do
  scratch=(--lr 2e-3 --label-smoothing 0.1)
  [ $fraction = 0.01 ] && scratch+=(--weight-decay 0.5)
  for name in norebal unet-m noskips; do
    python -m ssl_colorize transfer "${common[@]}" --label-fraction $fraction --mode finetune --encoder "$(run $name)" --lr 5e-3 --layer-decay 0.7
    echo "finetune $name $fraction done $(date +%T)"
  done
  python -m ssl_colorize transfer "${common[@]}" --label-fraction $fraction --mode scratch --model unet-m "${scratch[@]}"
  echo "scratch unet-m $fraction done $(date +%T)"
done
