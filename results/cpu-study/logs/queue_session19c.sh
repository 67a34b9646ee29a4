#!/usr/bin/env bash
# Session of 2026-11-28 (CPU, 2 cores): the rotation lever at full scale. The weight is the proxy row with the
# best 1% finetune on validation (results/cpu-study/ablation_finetune_val.csv, rot{0.3,1,3}-stride4: the cell the
# lever moved at proxy scale). Pretraining = the stride4-rcrop-full-ep60 command + --rotation-weight W; then its
# validation probes (last.pt too), finetune on validation (seed 0) at 1% and 10% with the recipes chosen for the
# stride4-rcrop-full-ep60 encoder, then test rows (3 seeds) at 1% and 10% with the same recipes.
# Waits for queue_session19b.sh. Run from /work/snap19b (commit c88a992).
set -euo pipefail
cd /work/snap19b
export PYTHONPATH=/work/snap19b
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
while pgrep -f "queue_session19b[.]sh" >/dev/null; do sleep 10; done
W=$(python - <<PY
import pandas as pd
d = pd.read_csv("$S/ablation_finetune_val.csv")
d = d[d.encoder_id.str.contains("-rot") & (d.label_fraction == 0.01)]
best = d.sort_values("top1").iloc[-1]
print(best.encoder_id.split("-rot")[1].split("-stride4")[0])
PY
)
NAME=rot$W-stride4-rcrop-full-ep60
echo "start $NAME $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
  --rebalance-lambda 1 --model unet-s --epochs 60 --augment resized-crop --output-stride 4 --rotation-weight $W \
  --out $M/runs/ablation --name $NAME
RUN=$(ls -d $M/runs/ablation/pretrain/*-$NAME | tail -1)
echo "pretrained $(date +%T)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache --out $S/probe_val.csv \
  --checkpoints $RUN/last.pt
echo "probes done $(date +%T)"
common=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --mode finetune --encoder $RUN/last.pt
        --input lab --layer-decay 0.7 --label-smoothing 0)
for seeds_split in "0 val" "0,1,2 test"; do
  read -r seeds split <<< "$seeds_split"
  csv=$S/sweep_val_rotation.csv; [ $split = test ] && csv=$S/transfer_test.csv
  python -m ssl_colorize transfer "${common[@]}" --label-fraction 0.01 --lr 5e-3 --epochs 334 --eval-split $split \
    --seeds $seeds --results $csv
  python -m ssl_colorize transfer "${common[@]}" --label-fraction 0.1 --lr 1e-2 --epochs 29 --eval-split $split \
    --seeds $seeds --results $csv
  echo "$split finetune done $(date +%T)"
done
