#!/usr/bin/env bash
# Session 26 (2026-11-28, CPU: AMD EPYC, 2 cores), second queue: waits for the resnet18 pretraining that
# queue_session26.sh started, then
# 1. the color-hint lever at proxy scale (`pretrain --color-hints P`, commit b1ad408): `rot3-stride4` (the
#    proxy recipe full scale chose: ab-classify, lambda 1, output stride 4, rotation weight 3, the first
#    20,000 fit images, 10 epochs) with hints up to 10% and 30% of the 4x4 cells per image;
# 2. the validation probes of the new runs (ablation.py resumes: only new encoders are probed);
# 3. the proxy finetune rows (validation, seed 0, lr 5e-3, layer decay 0.7, best.pt) of the hint runs, gray
#    as every proxy row and --input lab (a hint encoder has learned to read colors), and the comparator
#    rot3-stride4-rerun with --input lab (its gray rows exist);
# 4. the colorization metrics (validation, no semantic classifier) of the hint runs, hint-free;
# 5. resnet18's proxy transfer rows (queue_session26.sh's part 2).
# Run from /work/snap26b (b1ad408).
set -euo pipefail
while pgrep -f "name resnet18-stride4" > /dev/null; do sleep 20; done
cd /work/snap26b
export PYTHONPATH=/work/snap26b
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
echo "start $(date +%T) $(git rev-parse --short HEAD)"
for share in 0.1 0.3; do
  python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
    --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
    --color-hints $share --name hints$share-rot3-stride4
  echo "hints $share pretraining done $(date +%T)"
done
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache --out $S/probe_val.csv
echo "probes done $(date +%T)"
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
for fraction in 0.1 0.01; do
  for run in hints0.1-rot3-stride4 hints0.3-rot3-stride4; do
    for kind in gray lab; do
      python -m ssl_colorize transfer "${base[@]}" --label-fraction $fraction --encoder "$(ls -d $P/*-$run | tail -1)" \
        --input $kind
    done
  done
  python -m ssl_colorize transfer "${base[@]}" --label-fraction $fraction --encoder "$(ls -d $P/*-rot3-stride4-rerun | head -1)" \
    --input lab
  echo "finetune $fraction done $(date +%T)"
done
for run in hints0.1-rot3-stride4 hints0.3-rot3-stride4; do
  python -m ssl_colorize evaluate --model "$(ls -d $P/*-$run | tail -1)" --dataset folder --data-dir $DATA \
    --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_hints.csv
done
echo "evaluate done $(date +%T)"
R18=$(ls -d $P/*-resnet18-stride4 | tail -1)
r18=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
     --results $S/ablation_finetune_val.csv)
for fraction in 0.1 0.01; do
  wd=0.05; [ $fraction = 0.01 ] && wd=0.5
  python -m ssl_colorize transfer "${r18[@]}" --label-fraction $fraction --mode finetune --encoder "$R18" \
    --lr 5e-3 --layer-decay 0.7 --label-smoothing 0
  echo "resnet18 finetune $fraction done $(date +%T)"
  python -m ssl_colorize transfer "${r18[@]}" --label-fraction $fraction --mode scratch --model resnet18 \
    --lr 2e-3 --label-smoothing 0.1 --weight-decay $wd
  echo "resnet18 scratch $fraction done $(date +%T)"
done
