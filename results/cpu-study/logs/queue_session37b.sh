#!/usr/bin/env bash
# Session 37 (2026-12-05, Intel Xeon with AMX, 2 cores), after queue_session37's two proxy pretrainings and their
# probes (it is stopped before its proxy finetune rows, which this queue runs last instead): the view term at full
# scale. The weight is chosen mechanically on validation between 10 and 30 at proxy seed 0: the higher mean of
# the pooled probe over 1%, 10% and 100% (probe_val.md). Recipe: the turned full-scale recipe
# (`rot3-stride4-rcrop-full-ep60`: ab-classify, lambda 1, unet-s, 60 epochs, resized crops, output stride 4,
# rotation weight 3) plus --view-weight W. Then, from last.pt (as the turned run's rows): the quick finetune rows
# (validation, seed 0, --input lab, layer decay 0.7; 10%: lr 1e-2, 29 epochs; 1%: lr 5e-3, 334 epochs), the
# validation probes pooled globally and 4 x 4 (L2 swept 1e-5..10 as session 25 did for the turned rerun), the
# colorization metrics, then the test probe rows at validation's 4 x 4 L2 picks (3 seeds; the aim: probe -
# random init >= 25 at 100%), then the deferred proxy finetune rows. Run from /work/snap37 (56f7dc4).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
while ! grep -q "^view30-rot3-stride4 probes done" $S/logs/queue_session37.log; do sleep 10; done
pkill -f queue_session37.sh || true
sleep 2
pkill -f "ssl_colorize evaluate" || true
cd /work/snap37
export PYTHONPATH=/work/snap37
echo "start $(date +%T) $(git rev-parse --short HEAD)"
W=$(python - "$S/probe_val.md" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 5 and cells[1] == "all" and cells[0] in ("view10-rot3-stride4", "view30-rot3-stride4"):
        rows[cells[0]] = sum(float(c.split()[0]) for c in cells[2:]) / 3
print(rows, file=sys.stderr)
print(30 if rows["view30-rot3-stride4"] > rows["view10-rot3-stride4"] else 10)
PY
)
echo "view weight chosen on validation: $W"
run=view$W-rot3-stride4-rcrop-full-ep60
python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
  --rebalance-lambda 1 --model unet-s --epochs 60 --augment resized-crop --output-stride 4 --rotation-weight 3 \
  --view-weight "$W" --out $M/runs/full --name "$run"
echo "$run pretraining done $(date +%T)"
RUN_DIR="$(ls -d $M/runs/full/pretrain/*-"$run" | tail -1)"
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/sweep_val_view.csv --mode finetune --encoder "$RUN_DIR/last.pt" --input lab --layer-decay 0.7
      --label-smoothing 0 --weight-decay 0.05)
python -m ssl_colorize transfer "${base[@]}" --label-fraction 0.1 --lr 1e-2 --epochs 29
echo "finetune 0.1 done $(date +%T)"
python -m ssl_colorize transfer "${base[@]}" --label-fraction 0.01 --lr 5e-3 --epochs 334
echo "finetune 0.01 done $(date +%T)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/full --cache-dir /work/cache --out $S/probe_val.csv \
  --checkpoints "$RUN_DIR/last.pt"
echo "probes done $(date +%T)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/full --cache-dir /work/cache --out $S/probe_val_grid.csv \
  --pool-grid 4 --l2 1e-5 1e-4 1e-3 1e-2 1e-1 1 3 10 --checkpoints "$RUN_DIR/last.pt"
echo "grid probes done $(date +%T)"
python -m ssl_colorize evaluate --model "$RUN_DIR" --dataset folder --data-dir $DATA \
  --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_session37.csv
echo "evaluate done $(date +%T)"
for fraction in 1 0.1 0.01; do
  # shellcheck disable=SC2046  # choose.py prints the options as words
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir $DATA --cache-dir /work/cache \
    --mode linear --encoder "$RUN_DIR/last.pt" --label-fraction $fraction \
    $(python benchmarks/choose.py probe $S/probe_val_grid.csv --variant "$run@last" --fraction $fraction) \
    --eval-split test --seeds 0,1,2 --results $S/transfer_test_grid.csv
  echo "test probe $fraction done $(date +%T)"
done
proxy=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
       --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
for fraction in 0.01 0.1; do
  for r in view10-rot3-stride4-seed1 view30-rot3-stride4; do
    python -m ssl_colorize transfer "${proxy[@]}" --label-fraction $fraction --encoder "$(ls -d $P/*-"$r" | tail -1)"
    echo "$r finetune $fraction done $(date +%T)"
  done
done
echo "queue done $(date +%T)"
