#!/usr/bin/env bash
# 100% labels with the stride-4 encoder (stride4-rcrop-full-ep60, last.pt). First the finetune recipe on the
# validation split, seed 0, lr 5e-3: layer decay 0.7 (the choice at 1% and 10%), the same with label smoothing 0.1
# (the scratch recipe's smoothing), and layer decay 1 (the earlier 100% cells' recipe); then test rows with the
# validation's choice, 3 seeds; then the tuned scratch recipe's seeds 1 and 2 (seed 0 is in transfer_test.csv).
# (This is the queue's second version: the first started the layer-decay-0.7 validation row at 22:21 and was
# stopped after 2 minutes to add the layer-decay-1 row; the layer-decay-0.7 row, already running, was left to
# finish: $1 is its process id. Comments edited after the run; the commands are as they ran.)
set -euo pipefail
cd /work/main
export PYTHONPATH=/work/snap73
ENC=runs/ablation/pretrain/20261127-204118-stride4-rcrop-full-ep60/last.pt
data=(--task classify --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache --label-fraction 1)
val=(--eval-split val --seeds 0 --results results/cpu-study/sweep_val_100pct.csv)
test=(--eval-split test --results results/cpu-study/transfer_test.csv)
echo "second version start $(date +%T)"
while kill -0 "$1" 2>/dev/null; do sleep 20; done
echo "val ld0.7 done $(date +%T)"
python -m ssl_colorize transfer "${data[@]}" "${val[@]}" --mode finetune --encoder "$ENC" --lr 5e-3 --layer-decay 0.7 \
  --label-smoothing 0.1
echo "val ld0.7 ls0.1 done $(date +%T)"
python -m ssl_colorize transfer "${data[@]}" "${val[@]}" --mode finetune --encoder "$ENC" --lr 5e-3 --layer-decay 1
echo "val ld1 done $(date +%T)"
recipe=$(python /work/snap73/benchmarks/choose.py sweep results/cpu-study/sweep_val_100pct.csv --mode finetune --fraction 1)
echo "chosen: $recipe"
python -m ssl_colorize transfer "${data[@]}" "${test[@]}" --seeds 0,1,2 --mode finetune --encoder "$ENC" $recipe
echo "test finetune done $(date +%T)"
python -m ssl_colorize transfer "${data[@]}" "${test[@]}" --seeds 1,2 --mode scratch --lr 2e-3 --label-smoothing 0.1
echo "test scratch done $(date +%T)"
