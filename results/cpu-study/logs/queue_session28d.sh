#!/usr/bin/env bash
# Session 28 (2026-11-29, CPU: AMD EPYC, 2 cores), fourth queue: once queue_session28c's 10% scratch test row of
# seed 0 (8,000 steps) lands, that queue is stopped (seed 1 would end after the session's time); instead the 1%
# choices with --ema get validation seed 1 on both sides (their seed-0 lead is under a quarter of a point; the
# recipes without it have seeds 0-2 on validation). From /work/snap28b (06d8d55).
set -euo pipefail
S=/work/main/results/cpu-study
landed() {
  python - <<'PY'
import pandas as pd
rows = pd.read_csv("/work/main/results/cpu-study/transfer_test.csv")
done = rows[(rows["mode"] == "scratch") & (rows["label_fraction"] == 0.1) & (rows["epochs"] == 230)]
raise SystemExit(0 if len(done) else 1)
PY
}
until landed; do sleep 30; done
pkill -f queue_session28c.sh || true
pkill -f "transfer_test.csv" || true
echo "$(date +%T) queue_session28c stopped after its 10% scratch seed 0"
sleep 5
cd /work/snap28b
export PYTHONPATH=/work/snap28b
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
ID=20261128-110204-rot3-stride4-rcrop-full-ep60-rerun:45c0b81872
echo "start $(date +%T) $(git rev-parse --short HEAD)"
finetune="$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode finetune --fraction 0.01 --encoder-id $ID 2> /dev/null) --encoder $RUN"
scratch="$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction 0.01 2> /dev/null) --pretext-from $RUN"
for recipe in "$finetune" "$scratch"; do
  echo "$(date +%T) val seed 1: $recipe"
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
    --cache-dir /work/cache $recipe --label-fraction 0.01 --eval-split val --seeds 1 \
    --results $S/sweep_val_ema_augment.csv 2>&1 | grep -v "epoch\|decod\|keeps"
done
echo "done $(date +%T)"
