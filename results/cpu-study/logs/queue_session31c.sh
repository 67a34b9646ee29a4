#!/usr/bin/env bash
# Session 31 (2026-11-29, CPU: AMD EPYC, 2 cores), third queue, from /work/snap31 (0056ee5). Scratch at 8,000 steps
# gained again at 1% (63.44 on validation against 59.48 at 4,000), so first equal effort: finetuning's low-lr 1%
# recipe (queue_session31) at 8,000 steps on validation. Then test: validation's 1% scratch choice, seed 0; then
# finetuning's 1% choice at seed 0 if it moved (a paired seed), else scratch's seed 1.
set -euo pipefail
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
ID=20261128-110204-rot3-stride4-rcrop-full-ep60-rerun:45c0b81872
cd /work/snap31
export PYTHONPATH=/work/snap31
echo "start $(date +%T) $(git rev-parse --short HEAD)"
data=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 0.01)
echo "$(date +%T) val: finetune, scratch's recipe + input lab, 8,000 steps"
python -m ssl_colorize transfer "${data[@]}" --eval-split val --seeds 0 --results $S/sweep_val_1pct_steps.csv \
  --mode finetune --encoder $RUN --pool all --lr 0.002 --weight-decay 0.5 --label-smoothing 0.1 --input lab \
  --ema 0.999 --layer-decay 1 --pretext-weight 0.3 --epochs 2668 2>&1 | grep -v "epoch\|decod\|keeps"
scratch="$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction 0.01 2> /dev/null)"
finetune="$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode finetune --fraction 0.01 --encoder-id $ID 2> /dev/null)"
test_run() {  # $1 seed, rest: recipe
  local seed=$1; shift
  echo "$(date +%T) test seed $seed: $*"
  python -m ssl_colorize transfer "${data[@]}" --eval-split test --seeds $seed --results $S/transfer_test.csv "$@" \
    2>&1 | grep -v "epoch\|decod\|keeps"
}
test_run 0 $scratch --pretext-from $RUN
case "$finetune" in
  *"--epochs 668"*) test_run 1 $scratch --pretext-from $RUN ;;
  *) test_run 0 $finetune --encoder $RUN ;;
esac
echo "done $(date +%T)"
