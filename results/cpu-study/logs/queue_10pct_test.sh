#!/usr/bin/env bash
# Test rows at 10% labels for the finetune recipe the validation chose among the stride-4 encoder's 10% rows
# (ablation_finetune_val.csv: lr 5e-3, and sweep_val_10pct_stride4.csv: lr 1e-2; both with layer decay 0.7),
# 3 seeds. Run from /work/main (code of 5ce2900).
set -euo pipefail
cd /work/main
while pgrep -f "queue_10pct_val" >/dev/null; do sleep 10; done
ENC=runs/ablation/pretrain/20261127-204118-stride4-rcrop-full-ep60/last.pt
python -c "import pandas as pd; d = pd.concat([pd.read_csv('results/cpu-study/ablation_finetune_val.csv'), pd.read_csv('results/cpu-study/sweep_val_10pct_stride4.csv')]); d[d.encoder_id.str.startswith('20261127-204118-stride4-rcrop-full-ep60')].to_csv('/tmp/stride4_10pct_val.csv', index=False)"
recipe=$(python benchmarks/choose.py sweep /tmp/stride4_10pct_val.csv --mode finetune --fraction 0.1)
echo "chosen: $recipe $(date +%T)"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache \
  --label-fraction 0.1 --mode finetune --encoder "$ENC" $recipe --eval-split test --seeds 0,1,2 \
  --results results/cpu-study/transfer_test.csv
echo "done $(date +%T)"
