#!/usr/bin/env bash
# Session 46, part two, for this session's end and the sessions after it (supersedes queue_session45b.sh, whose
# runs/ the new machine lost). Most valuable first; rerunning it skips what is done and resumes what is not:
# 0. the resnet18 20-epoch run: queue_session46.sh finishes its pretraining (it resumes from last.pt; skipped once
#    all 20 epochs are in metrics.csv). Its checkpoints stay in runs/ (nothing over 5 MB goes into git), so on a new
#    machine this step starts the run over;
# 1. its validation probes, pooled globally (seeds 0-2; ablation.py; best.pt and last.pt; the random-init controls
#    again, as the CSV is new: a check that they reproduce on this host),
#    against session 40's rows of the first run (52.29 / 64.20 / 71.06): does this run stand in for that one?
# 2. the third rung of the 1% co-trained ladder (sessions 42-44: scratch 51.08 -> 57.08, finetune 61.80 -> 65.24 at
#    2,000 -> 4,000 steps): 8,000 steps (--epochs 2667), scratch first, then finetuning's equal-effort counterpart;
#    lr 2e-3, wd 0.5, ls 0.1, ema 0.999, pretext weight 0.3, gray; finetune at the head's rate. Validation, seed 0.
#    Each keeps its training state under runs/r18full/transfer/ (--checkpoint-dir, every 250 steps).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
SNAP=/work/snap46
[ -d $SNAP ] || git -C $M worktree add -f $SNAP 621eea5
cd $SNAP
export PYTHONPATH=$SNAP
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
while pgrep -f "queue_session46[.]sh" > /dev/null; do sleep 30; done  # this session's own pretraining
bash $M/results/cpu-study/logs/queue_session46.sh
RUN_DIR="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)"
# its own CSV: its variant names are the first run's, and summaries group rows by variant
python benchmarks/ablation.py --data-dir /work/shared/data/cifar10 --runs $M/runs/r18full --cache-dir /work/cache \
  --out $S/probe_val_s46.csv --checkpoints "$RUN_DIR/last.pt"  # it skips the encoders the CSV has
echo "validation probes done $(date +%T)"
COMMON=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 0.01
  --eval-split val --results $S/sweep_val_r18_cotrain.csv --pool all --lr 0.002 --weight-decay 0.5 --label-smoothing 0.1
  --ema 0.999 --pretext-weight 0.3 --seeds 0 --epochs 2667 --model resnet18 --save-every 250)
python -m ssl_colorize transfer "${COMMON[@]}" --mode scratch --pretext-from $RUN_DIR/last.pt \
  --checkpoint-dir $M/runs/r18full/transfer/1pct-scratch-cotrain-8k 2>&1 | grep --line-buffered -v "decod\|keeps"
echo "scratch 1% 8,000 steps co-trained done $(date +%T)"
python -m ssl_colorize transfer "${COMMON[@]}" --mode finetune --encoder $RUN_DIR/last.pt --encoder-lr-scale 1 --layer-decay 1 \
  --checkpoint-dir $M/runs/r18full/transfer/1pct-finetune-cotrain-8k 2>&1 | grep --line-buffered -v "decod\|keeps"
echo "finetune 1% 8,000 steps co-trained done $(date +%T)"
echo "queue done $(date +%T)"
