#!/usr/bin/env bash
# Session 39, third queue (takes over from queue_session39.sh after its pretraining; see there): waits for the
# resnet18 pretraining (process 19889), then, most valuable first:
# 1. the validation probes of its last.pt, pooled globally (ablation.py: the run's best.pt as well, skipped when it
#    is the same weights; the random-init resnet18 control's global rows exist since session 18: the same fit and
#    validation images, no pretraining);
# 2. the resnet18 rows of the test table's probes, global pooling for both, L2 chosen on validation (choose.py on
#    the global CSV), 3 seeds: the encoder and its random-init control;
# 3. the same with the 4 x 4 grid the unet-s rows use (L2 0.01 to 3: where unet-s's choices fell), validation then test;
# 4. resnet18's quick finetune rows at full scale (validation, seed 0, the proxy rows' recipe: lr 5e-3, layer decay
#    0.7, gray, 1,000 steps), against resnet18 scratch at that budget (session 26: 44.84 at 1%, 66.16 at 10%; scratch
#    reads no pretraining, so those rows stand) and the proxy encoder's finetune (49.04, 71.50).
set -euo pipefail
while kill -0 19889 2> /dev/null; do sleep 15; done
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
cd /work/snap39
export PYTHONPATH=/work/snap39
echo "start $(date +%T) $(git rev-parse --short HEAD)"
run=r18-rot3-stride4-rcrop-full-ep20
RUN_DIR="$(ls -d $M/runs/r18full/pretrain/*-"$run" | tail -1)"
test_probes() {  # $1: validation CSVs (space-separated), $2: test CSV
  for fraction in 0.01 0.1 1; do
    # the run's best.pt, probed first, carries the plain name; last.pt's rows are "@last" unless they are the same weights
    mine="$run@last"; grep -q "^$mine," $1 || mine="$run"
    for variant in "$mine" random-init-resnet18; do
      choice=$(python benchmarks/choose.py probe $1 --variant "$variant" --fraction $fraction)
      echo "$variant $fraction: $choice"
      if [ "$variant" = random-init-resnet18 ]; then source=(--init random --model resnet18); else source=(--encoder "$RUN_DIR/last.pt"); fi
      python -m ssl_colorize transfer --task classify --dataset folder --data-dir $DATA --cache-dir /work/cache \
        --mode linear --eval-split test --seeds 0,1,2 "${source[@]}" --label-fraction $fraction $choice --results $2
    done
  done
}
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/r18full --cache-dir /work/cache --out $S/probe_val.csv \
  --checkpoints "$RUN_DIR/last.pt"
echo "global validation probes done $(date +%T)"
test_probes "$S/probe_val.csv" "$S/transfer_test.csv"
echo "global test probes done $(date +%T)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/r18full --cache-dir /work/cache \
  --out $S/probe_val_grid.csv --pool-grid 4 --l2 1e-2 1e-1 1 3 --checkpoints "$RUN_DIR/last.pt"
echo "grid validation probes done $(date +%T)"
test_probes "$S/probe_val_grid.csv" "$S/transfer_test_grid.csv"
echo "grid test probes done $(date +%T)"
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --encoder "$RUN_DIR/last.pt" --lr 5e-3 --layer-decay 0.7
      --label-smoothing 0)
for fraction in 0.01 0.1; do
  python -m ssl_colorize transfer "${base[@]}" --label-fraction $fraction
  echo "resnet18 finetune $fraction done $(date +%T)"
done
echo "queue done $(date +%T)"
