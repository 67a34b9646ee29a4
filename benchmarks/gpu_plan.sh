#!/usr/bin/env bash
# The device plan: the most valuable GPU runs first, resumable. Each step leaves a marker in
# $OUT/done/ and is skipped on the next call, so a lent GPU turns into results over one or two calls:
#   bash benchmarks/gpu_plan.sh            (OUT defaults to $OUT, the device tool's output folder)
# Only small files land in $OUT (configs, metrics, sample grids, CSVs, logs); checkpoints stay in runs/.
# Recipes: chosen on the validation split on CPU (README "Encoder study"); when the GPU sweeps (steps 5-6)
# choose otherwise (benchmarks/choose.py), set them through the variables below and rerun the tables.
set -uo pipefail
OUT=${OUT:?set OUT}
DATA=${DATA:-../shared/data/cifar10}
RUNS=${RUNS:-runs/gpu}
# Chosen on the validation split on CPU, 2026-11-27 (results/cpu-study): finetune lr 5e-3 with the encoder
# at 1x; scratch lr 2e-3 with label smoothing 0.1; probe L2 per label fraction (encoder / random init);
# the pretext without class rebalancing, 30 epochs (10 -> 30 epochs added 4.5-6.2 test points to the probe).
FINETUNE_RECIPE=${FINETUNE_RECIPE:---lr 5e-3}
SCRATCH_RECIPE=${SCRATCH_RECIPE:---lr 2e-3 --label-smoothing 0.1}
PROBE_L2=${PROBE_L2:-"0.01:0.1 0.1:1e-3 1:1e-4"}
RANDOM_PROBE_L2=${RANDOM_PROBE_L2:-"0.01:0.1 0.1:1e-2 1:1e-4"}
PRETEXT=${PRETEXT:---objective ab-classify --rebalance-lambda 1}
mkdir -p "$OUT/done" "$OUT/pretrain"
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}
cli() { python -m ssl_colorize "$@"; }
# SMOKE=1 checks the plumbing on CPU in minutes: tiny limits, 1 epoch (later flags win in the CLI).
smoke_pretrain=() smoke_transfer=() smoke_bench=()
if [ "${SMOKE:-0}" = 1 ]; then
  smoke_pretrain=(--limit 300 --epochs 1 --batch-size 32 --val-size 100)
  smoke_transfer=(--limit 300 --epochs 1 --min-steps 2 --val-size 100)
  smoke_bench=(--models unet-xs --images 512 --steps 1 --repeats 1 --matmul-size 256)
fi
data=(--dataset folder --data-dir "$DATA")
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader > "$OUT/device.txt" 2>&1

step() {  # step NAME COMMAND...: run once, log to $OUT/NAME.log
  local name=$1; shift
  [ -f "$OUT/done/$name" ] && return 0
  echo "[$(date +%T)] start $name" | tee -a "$OUT/plan.log"
  "$@" > "$OUT/$name.log" 2>&1
  local rc=$?
  [ $rc -eq 0 ] && touch "$OUT/done/$name"
  echo "[$(date +%T)] end $name (exit $rc)" | tee -a "$OUT/plan.log"
}
pretrain() {  # pretrain NAME ARGS...: full fit split, run dir kept under $RUNS, small files packed
  local name=$1; shift
  cli pretrain "${data[@]}" --out "$RUNS" --name "$name" "$@" "${smoke_pretrain[@]}" || return 1
  local run; run=$(ls -d "$RUNS"/pretrain/*-"$name" | tail -1)
  mkdir -p "$OUT/pretrain/$name"
  cp "$run"/config.json "$run"/metrics.csv "$run"/loss.png "$OUT/pretrain/$name/"
  cp "$(ls "$run"/samples/*.png | tail -1)" "$OUT/pretrain/$name/"
}
run_of() { ls -d "$RUNS"/pretrain/*-"$1" | tail -1; }
table() {  # table MODEL RUN_NAME: the test table, 3 seeds, 1/10/100% labels
  local model=$1 name=$2 csv="$OUT/transfer_test.csv" test=(--eval-split test --seeds 0,1,2) pair
  for pair in $PROBE_L2; do
    cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" --mode linear --encoder "$(run_of "$name")" \
      --label-fraction "${pair%%:*}" --linear-l2 "${pair##*:}" "${test[@]}" --results "$csv" || return 1
  done
  for pair in $RANDOM_PROBE_L2; do
    cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" --mode linear --init random --model "$model" \
      --label-fraction "${pair%%:*}" --linear-l2 "${pair##*:}" "${test[@]}" --results "$csv" || return 1
  done
  test+=(--label-fraction 0.01,0.1,1)
  cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" --mode finetune --encoder "$(run_of "$name")" $FINETUNE_RECIPE "${test[@]}" --results "$csv" &&
  cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" --mode scratch --model "$model" $SCRATCH_RECIPE "${test[@]}" --results "$csv"
}
sweep() {  # sweep MODEL RUN_NAME FRACTION: validation sweeps, equal effort for scratch and finetune
  local model=$1 name=$2 fraction=$3 csv="$OUT/sweep_val.csv"
  for lr in 1e-3 2e-3 5e-3; do
    for wd in 0.05 5e-4; do
      cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" --mode scratch --model "$model" --label-fraction "$fraction" --lr $lr --weight-decay $wd --results "$csv" || return 1
      cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" --mode finetune --encoder "$(run_of "$name")" --label-fraction "$fraction" --lr $lr --weight-decay $wd --results "$csv" || return 1
    done
  done
  # One lever pair each, at lr 2e-3: label smoothing / stronger decay for scratch; LP-FT / layer decay for finetune.
  cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" --mode scratch --model "$model" --label-fraction "$fraction" --label-smoothing 0.1 --results "$csv" || return 1
  cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" --mode scratch --model "$model" --label-fraction "$fraction" --weight-decay 0.5 --results "$csv" || return 1
  cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" --mode finetune --encoder "$(run_of "$name")" --label-fraction "$fraction" --lp-ft --results "$csv" || return 1
  cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" --mode finetune --encoder "$(run_of "$name")" --label-fraction "$fraction" --layer-decay 0.7 --results "$csv"
}

# Throughput against the GPU's own matmul peak first (about two minutes): batch 128 and 512, eager and compiled.
bench() { python benchmarks/throughput.py --data-dir "$DATA" --images 20000 --out "$OUT/throughput_gpu.csv" "$@" "${smoke_bench[@]}"; }
step throughput bench --workers 16
step throughput-512 bench --batch-size 512 --no-conventional
step throughput-compile bench --models unet-s --compile --no-conventional
step pretrain-unet-s pretrain unet-s $PRETEXT --model unet-s --epochs 30
step table-unet-s table unet-s unet-s
step pretrain-resnet18 pretrain resnet18 $PRETEXT --model resnet18 --epochs 30
step table-resnet18 table resnet18 resnet18
step sweep-unet-s-100 sweep unet-s unet-s 1
step sweep-unet-s-1 sweep unet-s unet-s 0.01
# 60 epochs of the plain recipe saturated on CPU (the pretext overfits from epoch ~28; README "Encoder
# study"): the 60-epoch run here tests resized crops, more varied images, against that overfitting.
step pretrain-rcrop-60ep pretrain rcrop-60ep $PRETEXT --model unet-s --epochs 60 --augment resized-crop
step pretrain-rebal pretrain rebal --objective ab-classify --rebalance-lambda 0.5 --epochs 30
step pretrain-unet-m pretrain unet-m $PRETEXT --model unet-m --epochs 30
step pretrain-noskip pretrain noskip $PRETEXT --no-skips --epochs 30
# best.pt (lowest pretext validation loss) of every run, and the last weights of the 60-epoch one.
step probes python benchmarks/ablation.py --data-dir "$DATA" --runs "$RUNS" --out "$OUT/probe_val.csv" \
  --checkpoints $(ls "$RUNS"/pretrain/*-rcrop-60ep/last.pt 2>/dev/null)
echo "plan finished: $(ls "$OUT/done" | wc -l) steps done" | tee -a "$OUT/plan.log"
