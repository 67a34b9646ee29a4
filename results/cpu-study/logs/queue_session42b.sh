#!/usr/bin/env bash
# Session 42, part two: after queue_session42.sh (the resnet18 co-trained pair at 1% on validation), a fresh-clone
# check of main (the choose.py change), then validation's 1% choice for each resnet18 mode on the test split,
# seed 0 (benchmarks/choose.py over the validation CSVs, resnet18 rows only; finetune rows of the 20-epoch turned
# encoder only). A choice already on test (the 1,000-step rows of session 41) is not run again. Run from
# /work/snap42b (main at the choose.py change).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
until grep -q "queue done" $S/logs/queue_session42.log; do sleep 30; done
echo "start $(date +%T)"
rm -rf /tmp/check && git clone -q $M /tmp/check && (cd /tmp/check && git log --oneline | head -1 && CI=true bash .ci/run 2>&1 | tail -4)
echo "fresh-clone check done $(date +%T)"
cd /work/snap42b
export PYTHONPATH=/work/snap42b
RUN="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)/last.pt"
VAL=($S/ablation_finetune_val.csv $S/sweep_val_r18_cotrain.csv)
base=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 0.01
  --eval-split test --results $S/transfer_test.csv --seeds 0)
scratch=$(python benchmarks/choose.py sweep "${VAL[@]}" --mode scratch --fraction 0.01 --model resnet18)
finetune=$(python benchmarks/choose.py sweep "${VAL[@]}" --mode finetune --fraction 0.01 --model resnet18 \
  --encoder-id 20261205-232401-r18)
echo "scratch choice: $scratch"
echo "finetune choice: $finetune"
if [[ $scratch == *--pretext-weight* ]]; then
  python -m ssl_colorize transfer "${base[@]}" $scratch --pretext-from $RUN 2>&1 | grep --line-buffered -v "decod\|keeps"
  echo "scratch choice on test done $(date +%T)"
fi
if [[ $finetune == *--pretext-weight* ]]; then
  python -m ssl_colorize transfer "${base[@]}" $finetune --encoder $RUN 2>&1 | grep --line-buffered -v "decod\|keeps"
  echo "finetune choice on test done $(date +%T)"
fi
echo "queue done $(date +%T)"
