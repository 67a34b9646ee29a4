#!/usr/bin/env bash
# Session 47: first measure whether the second resnet18 run's encoder finetunes as the first did, then hand over to
# queue_session46b.sh (the 8,000-step 1% rung, scratch then finetuning, resumable). The short rows go first so that
# they land this session: the rung does not finish in it (about 4.6 h a mode on this host), and a machine lost
# between sessions would take its partial state along. The second run's probes are 0.5-0.9 below the first run's
# (probe_val_s46.csv), and the ladder's finetune rows below 8,000 steps read the first run: rerun session 40's
# quick finetune rows from the second run's last.pt (validation, seed 0, lr 5e-3, layer decay 0.7, gray, label
# smoothing 0, 1,000 steps; the first run: 56.54 at 1%, 76.08 at 10%), rows beside them in ablation_finetune_val.csv
# (their encoder ids differ). Rerunnable: a fraction whose row for this encoder is in the CSV is skipped. On a new
# machine, queue_session46.sh pretrains the run again first.
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
cd /work/snap46
export PYTHONPATH=/work/snap46
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
while pgrep -f "queue_session46b[.]sh" > /dev/null; do sleep 60; done
bash $M/results/cpu-study/logs/queue_session46.sh  # the second run: finished on this machine; pretrained on a new one
RUN_DIR="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)"
RUN_NAME="$(basename "$RUN_DIR")"
base=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --eval-split val
      --seeds 0 --results $S/ablation_finetune_val.csv --mode finetune --encoder "$RUN_DIR/last.pt" --lr 5e-3
      --layer-decay 0.7 --label-smoothing 0)
for fraction in 0.01 0.1; do
  if grep -q ",finetune,$fraction,.*,$RUN_NAME:.*lr=0.005 wd=0.05 ls=0 enc_lr=1 layer_decay=0.7,val," $S/ablation_finetune_val.csv; then
    echo "finetune $fraction from $RUN_NAME: in the CSV, skipped"; continue
  fi
  python -m ssl_colorize transfer "${base[@]}" --label-fraction $fraction 2>&1 | grep --line-buffered -v "decod\|keeps"
  echo "second run's quick finetune $fraction done $(date +%T)"
done
bash $M/results/cpu-study/logs/queue_session46b.sh  # resumes the rung from its checkpoints; skips what is done
echo "queue done $(date +%T)"
