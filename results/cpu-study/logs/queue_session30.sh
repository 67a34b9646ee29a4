#!/usr/bin/env bash
# Session 30 (2026-11-29, CPU: AMD EPYC, 2 cores). The machine started empty: the rerun encoder's run directory
# (needed by co-training, which keeps the pretext's decoder) is gone; only its encoder export is committed.
# 1. Pretrain the rerun's command again from a worktree of the commit that first ran it (3a1bfa8), same seed,
#    same CPU model, and compare its encoder's weights digest with the export's (45c0b81872). If they are the
#    same bits, the run is the same run, and its directory takes the original name, so its rows share the id.
# 2. The 10% seed-2 pair on test (8,000 steps, co-trained W 0.1, scratch's recipe from a random init and from
#    the encoder), run from a worktree of HEAD (/work/snap30).
set -euo pipefail
S=/work/main/results/cpu-study
M=/work/main
NAME=rot3-stride4-rcrop-full-ep60-rerun
ORIGINAL=$M/runs/ablation/pretrain/20261128-110204-$NAME
echo "start $(date +%T)"
if [ ! -d $ORIGINAL ]; then
  cd /work/snap30pre
  export PYTHONPATH=/work/snap30pre
  python -m ssl_colorize pretrain --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache_pre \
    --objective ab-classify --rebalance-lambda 1 --model unet-s --epochs 60 --augment resized-crop \
    --output-stride 4 --rotation-weight 3 --out $M/runs/ablation --name $NAME
  RUN=$(ls -d $M/runs/ablation/pretrain/*-$NAME | tail -1)
  echo "pretrained $(date +%T): $RUN"
  cd /work/snap30
  export PYTHONPATH=/work/snap30
  python - "$RUN" "$S/encoders/$NAME.safetensors" <<'PY'
import sys
from pathlib import Path
from ssl_colorize.models.encoder_io import load_encoder
ids = [load_encoder(Path(p))[1]["id"] for p in (sys.argv[1] + "/last.pt", sys.argv[2])]
print("digests: run", ids[0], "export", ids[1])
sys.exit(0 if ids[0].split(":")[1] == ids[1].split(":")[1] else 3)
PY
  mv "$RUN" $ORIGINAL
  echo "same weights: $RUN -> $ORIGINAL"
fi
cd /work/snap30
export PYTHONPATH=/work/snap30
RUN=$ORIGINAL/last.pt
recipe="--pool all --lr 2e-3 --weight-decay 0.05 --label-smoothing 0.1 --input lab --pretext-weight 0.1 --epochs 230"
for start in "--mode scratch --pretext-from $RUN" "--mode finetune --encoder-lr-scale 1 --layer-decay 1 --encoder $RUN"; do
  echo "$(date +%T) test 0.1 seed 2: $start $recipe"
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
    --cache-dir /work/cache $start $recipe --label-fraction 0.1 --eval-split test --seeds 2 \
    --results $S/transfer_test.csv 2>&1 | grep -v "epoch\|decod\|keeps"
done
echo "done $(date +%T)"
