#!/usr/bin/env bash
# After the full-scale stride-4 pretraining and its validation rows: a stride-8 proxy row (probe + finetune on
# validation), the comparator's 10% finetune row on validation (rcrop-full-ep60@last), then test rows for
# stride4-rcrop-full-ep60@last (last.pt, as for the other 60-epoch runs): linear probe with the L2 validation chose
# per fraction, finetune at 1% and 10% with the chosen recipe (layer decay 0.7, lr 5e-3), 3 seeds each; then
# finetune at 100%, seed 0.
set -euo pipefail
cd /work/main
export PYTHONPATH=/work/snap72
while pgrep -f "queue_stride4_full.sh" >/dev/null; do sleep 20; done
run() { ls -d runs/ablation/pretrain/*-"$1" | tail -1; }
data=(--task classify --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache)
val=(--eval-split val --results results/cpu-study/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7)
echo "start $(date +%T)"
python -m ssl_colorize pretrain --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache --objective ab-classify \
  --rebalance-lambda 1 --limit 20000 --epochs 10 --out runs/ablation --output-stride 8 --name stride8
python /work/snap72/benchmarks/ablation.py --data-dir ../shared/data/cifar10 --runs runs/ablation --cache-dir /work/cache \
  --out results/cpu-study/probe_val.csv
for f in 0.1 0.01; do python -m ssl_colorize transfer "${data[@]}" "${val[@]}" --label-fraction $f --encoder "$(run stride8)"; done
echo "stride8 done $(date +%T)"
python -m ssl_colorize transfer "${data[@]}" "${val[@]}" --label-fraction 0.1 --encoder "$(run rcrop-full-ep60)/last.pt"
echo "comparator done $(date +%T)"
ENC=$(run stride4-rcrop-full-ep60)/last.pt
test=(--eval-split test --seeds 0,1,2 --results results/cpu-study/transfer_test.csv)
for f in 0.01 0.1 1; do
  python -m ssl_colorize transfer "${data[@]}" "${test[@]}" --mode linear --encoder "$ENC" --label-fraction $f \
    $(python benchmarks/choose.py probe results/cpu-study/probe_val.csv --variant stride4-rcrop-full-ep60@last --fraction $f)
done
echo "linear done $(date +%T)"
for f in 0.1 0.01; do
  python -m ssl_colorize transfer "${data[@]}" "${test[@]}" --mode finetune --encoder "$ENC" --label-fraction $f --lr 5e-3 --layer-decay 0.7
  echo "finetune $f done $(date +%T)"
done
python -m ssl_colorize transfer "${data[@]}" --eval-split test --seeds 0 --results results/cpu-study/transfer_test.csv \
  --mode finetune --encoder "$ENC" --label-fraction 1 --lr 5e-3
echo "finetune 1 done $(date +%T)"
