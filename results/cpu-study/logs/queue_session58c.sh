#!/usr/bin/env bash
# Session 58, third queue: the histogram and view heads together (queue_session58b.sh) again at pretraining seed 2,
# to see whether seed 1's probe gain (+3.19 / +2.77 / +2.12 at 1 / 10 / 100%) repeats. Its comparator is session 35's
# rot3-stride4-seed2-fp32 (probe_val.csv; same CPU model, fp32), whose run is not on this machine, so only this
# run's 1% finetune is measured. Waits for queue_session58b.sh, then pretraining, probes, colors, the 1% finetune.
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
L=$S/logs/queue_session58c.log
W=/work/snap58
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
until grep -q "^queue done" $S/logs/queue_session58b.log; do sleep 30; done
cd $W
export PYTHONPATH=$W
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
QUIET=(grep --line-buffered -v "^\s*[0-9]*%\|decod\|keeps")
run=hist1-view10-rot3-stride4-seed2
if ! grep -q "^$run pretraining done" $L; then
  rm -rf $P/*-$run  # an interrupted run starts again: the queue's runs are not resumed halfway
  python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
    --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
    --seed 2 --histogram-weight 1 --view-weight 10 --name $run 2>&1 | "${QUIET[@]}"
  echo "$run pretraining done $(date +%T)"
fi
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache \
  --out $S/probe_val_s55.csv 2>&1 | "${QUIET[@]}"
echo "$run probes done $(date +%T)"
if ! grep -q "^$run evaluate done" $L; then
  python -m ssl_colorize evaluate --model "$(ls -d $P/*-$run | tail -1)" --dataset folder --data-dir $DATA \
    --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_s55.csv 2>&1 | "${QUIET[@]}"
  echo "$run evaluate done $(date +%T)"
fi
for fraction in 0.01; do
  grep -q "^$run finetune $fraction done" $L && continue
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir $DATA --cache-dir /work/cache \
    --eval-split val --seeds 0 --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 \
    --label-smoothing 0 --label-fraction $fraction --encoder "$(ls -d $P/*-$run | tail -1)" 2>&1 | "${QUIET[@]}"
  echo "$run finetune $fraction done $(date +%T)"
done
echo "queue done $(date +%T)"
