#!/usr/bin/env bash
# The device plan: the most valuable GPU runs first, resumable. Each step leaves a marker in $OUT/done/ and is
# skipped on the next call on the same warm machine, so a lent GPU turns into results over one or two calls.
# The device command (README, "When a GPU is lent") runs it with OUT=/tmp/plan and returns that folder as one
# archive: the device gives back at most 8 files. Only small files land in $OUT (configs, metrics, sample grids,
# CSVs, logs); checkpoints stay in runs/.
# Recipes: chosen on the validation split on CPU (README "Encoder study"); when the GPU sweeps choose otherwise
# (benchmarks/choose.py), set them through the variables below and rerun the tables.
set -uo pipefail
OUT=${OUT:?set OUT}
DATA=${DATA:-../shared/data/cifar10}
RUNS=${RUNS:-runs/gpu}
# The device's working tree holds 64 MiB and ../shared stays behind: the data set travels packed
# (benchmarks/pack_folder.py, carry .data) and is unpacked byte for byte where $DATA is absent.
PACK=${PACK:-.data/cifar10.npz}
if [ ! -d "$DATA" ] && [ -f "$PACK" ]; then
  DATA=/tmp/cifar10-unpacked
  [ -d "$DATA" ] || python3 benchmarks/pack_folder.py unpack "$PACK" "$DATA" || exit 1
fi
# Chosen on the validation split on CPU, 2026-11-27 (results/cpu-study), per label fraction: finetune lr 5e-3
# with the encoder at 1x, plus layer decay 0.7 at 1% and 10% (10%: lr 1e-2, sweep_val_10pct_stride4.csv; at 100% a three-way tie within 0.08 points that
# the mechanical choice gave to layer decay 1: results/cpu-study/sweep_val_100pct.csv); scratch lr 2e-3 with label
# smoothing 0.1, plus weight decay 0.5 at 1%; probe L2 per fraction (encoder / random init); the pretext
# without class rebalancing, 60 epochs with resized crops (plain 60 epochs overfit; crops gained 0.6-0.8
# points) and the bins predicted at output stride 4 (+0.2 to +0.9 probe points at full scale, 1.5x faster),
# probed and finetuned from its last.pt (validation ranked last.pt above best.pt in the 60-epoch runs).
# 2026-11-28: colors (--input lab) chosen for finetune at 1% and 10% and for scratch at 10%; scratch's length
# chosen per fraction (2,000 steps at 1%, 4,000 at 10%; finetune peaked at 1,000). At 100% (validation, seed 0,
# results/cpu-study/sweep_val_100pct.csv): colors and 30 epochs for both modes (scratch 88.86, finetune 89.00).
# Later on 2026-11-28: the turned encoder (--rotation-weight 3) chosen for finetuning at every fraction, and
# co-training (the pretext kept on) for both modes at 1% and 10%: finetune weight 0.1 with 2,000 steps at 1%,
# 0.3 at 10%; scratch (from a random init, the run's pretext settings via --pretext-from) 0.3 at 1%, 0.1 at
# 10% (results/cpu-study/sweep_val_cotrain*.csv); at 100% (session 24) scratch co-trained at 0.1 (89.20 against
# 88.86), finetuning plain (the first turned run's 89.00; the rerun 88.68, co-trained 88.86). @RUN: the table's run.
# 2026-11-29 (session 27, results/cpu-study/sweep_val_finetune_reg.csv): finetuning at 1% takes scratch's own 1%
# regularization, label smoothing 0.1 with weight decay 0.5 (65.20 against 62.90; at 10% neither pays); L2-SP loses.
# Session 28 (results/cpu-study/sweep_val_ema_augment.csv, sweep_val_scratch_length.csv): at 1% both modes end with a
# moving average of the weights (--ema 0.999: finetune 65.36 against 65.20, scratch 55.26 against 55.04); the 10%
# scratch runs 8,000 steps (79.26 against 78.24 at 4,000).
# Session 29 (results/cpu-study/sweep_val_finetune_scratch_recipe.csv): the 10% finetune takes scratch's whole 10%
# recipe from the encoder (lr 2e-3, no layer decay, 8,000 steps: 80.08 against 78.76 and scratch's 79.26).
# Sessions 30-31 (results/cpu-study/sweep_val_1pct_steps.csv): at 1% both modes run 8,000 steps: co-trained scratch
# 63.44 (4,000: 59.48; 2,000: 55.26); finetuning takes scratch's 1% recipe from the encoder with --input lab (65.84
# against 65.36 for its 2,000-step choice).
# Session 32 (the same CSV): at 16,000 steps scratch gains again (65.14) and finetuning does not (64.48): 1% scratch
# runs 16,000 steps, 1% finetuning stays at 8,000.
FINETUNE_RECIPES=${FINETUNE_RECIPES:-"0.01=--lr 2e-3 --layer-decay 1 --input lab --pretext-weight 0.3 --min-steps 8000 --label-smoothing 0.1 --weight-decay 0.5 --ema 0.999;0.1=--lr 2e-3 --layer-decay 1 --label-smoothing 0.1 --input lab --min-steps 8000 --pretext-weight 0.1;1=--lr 5e-3 --layer-decay 1 --input lab --epochs 30"}
SCRATCH_RECIPES=${SCRATCH_RECIPES:-"0.01=--lr 2e-3 --label-smoothing 0.1 --weight-decay 0.5 --min-steps 16000 --ema 0.999 --pretext-weight 0.3 --pretext-from @RUN;0.1=--lr 2e-3 --label-smoothing 0.1 --input lab --min-steps 8000 --pretext-weight 0.1 --pretext-from @RUN;1=--lr 2e-3 --label-smoothing 0.1 --input lab --epochs 30 --pretext-weight 0.1 --pretext-from @RUN"}
# Probes (session 25, results/cpu-study/probe_val_grid.csv): each stage pooled to 4 x 4 for the turned encoder's
# rerun and the random init alike, each with its own L2 per fraction.
PROBE_RECIPES=${PROBE_RECIPES:-"0.01=--pool-grid 4 --linear-l2 1;0.1=--pool-grid 4 --linear-l2 0.1;1=--pool-grid 4 --linear-l2 1e-2"}
RANDOM_PROBE_RECIPES=${RANDOM_PROBE_RECIPES:-"0.01=--pool-grid 4 --linear-l2 0.1;0.1=--pool-grid 4 --linear-l2 0.1;1=--pool-grid 4 --linear-l2 0.1"}
PRETEXT=${PRETEXT:---objective ab-classify --rebalance-lambda 1 --augment resized-crop --epochs 60 --output-stride 4}
TURNED="$PRETEXT --rotation-weight 3"  # validation's finetuning encoder, and its probe at 10% and 100% (plain: at 1%)
mkdir -p "$OUT/done" "$OUT/pretrain"
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}
cli() { python3 -m ssl_colorize "$@"; }  # the device has python3 only
# SMOKE=1 checks the plumbing on CPU in minutes: tiny limits, 1 epoch (later flags win in the CLI).
smoke_pretrain=() smoke_transfer=() smoke_bench=()
if [ "${SMOKE:-0}" = 1 ]; then
  smoke_pretrain=(--limit 300 --epochs 1 --batch-size 32 --val-size 100)
  smoke_transfer=(--limit 300 --epochs 1 --min-steps 2 --val-size 100)
  smoke_bench=(--models unet-xs --images 512 --steps 1 --repeats 1 --matmul-size 256)
fi
data=(--dataset folder --data-dir "$DATA" --cache-dir "$RUNS/cache")  # decoded once, then read as arrays
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
pretrain() {  # pretrain NAME ARGS...: full fit split, run dir kept under $RUNS, small files packed. A call cut off
  # by the device's time limit leaves last.pt (every 500 steps): the next call resumes that run, not a new one.
  local name=$1 run; shift
  run=$(ls -d "$RUNS"/pretrain/*-"$name" 2>/dev/null | tail -1)
  if [ -n "$run" ] && [ -f "$run/last.pt" ]; then
    cli pretrain --resume "$run" 2>&1 | tee "$run/resume.log"
    # a call cut after the run's last epoch (before its marker) finds nothing left to train: done
    [ "${PIPESTATUS[0]}" -eq 0 ] || grep -q "already finished" "$run/resume.log" || return 1
  else
    cli pretrain "${data[@]}" --out "$RUNS" --name "$name" --save-every 500 "$@" "${smoke_pretrain[@]}" || return 1
    run=$(ls -d "$RUNS"/pretrain/*-"$name" | tail -1)
  fi
  mkdir -p "$OUT/pretrain/$name"
  cp "$run"/config.json "$run"/metrics.csv "$run"/loss.png "$OUT/pretrain/$name/"
  cp "$(ls "$run"/samples/*.png | tail -1)" "$OUT/pretrain/$name/"
}
run_of() { ls -d "$RUNS"/pretrain/*-"$1" | tail -1; }
SEEDS=0,1,2 FRACTIONS="0.01 0.1 1"  # what trained_rows runs; callers narrow them with `local`
trained_rows() {  # trained_rows RECIPES RUN ARGS...: test rows, seeds $SEEDS, per "FRACTION=OPTIONS" entry whose
  # fraction is in $FRACTIONS; @RUN -> RUN
  local recipes=$1 run=$2 entry entries options; shift 2
  IFS=';' read -r -a entries <<< "$recipes"
  for entry in "${entries[@]}"; do
    [[ " $FRACTIONS " == *" ${entry%%=*} "* ]] || continue
    options=${entry#*=}
    # shellcheck disable=SC2086  # the recipe's options are words
    cli transfer --task classify "${data[@]}" "$@" --label-fraction "${entry%%=*}" ${options//@RUN/$run} "${smoke_transfer[@]}" \
      --eval-split test --seeds "$SEEDS" --results "$OUT/transfer_test.csv" || return 1  # smoke options after the recipe: they win
  done
}
probes() {  # probes MODEL RUN_NAME: the probe and random-init probe rows of the run's last.pt
  local encoder; encoder="$(run_of "$2")/last.pt"
  trained_rows "$PROBE_RECIPES" "$encoder" --mode linear --encoder "$encoder" &&
  trained_rows "$RANDOM_PROBE_RECIPES" "$encoder" --mode linear --init random --model "$1"
}
trained() {  # trained MODEL RUN_NAME: the finetune and scratch rows (scratch co-trains on the run's pretext)
  local encoder; encoder="$(run_of "$2")/last.pt"
  trained_rows "$FINETUNE_RECIPES" "$encoder" --mode finetune --encoder "$encoder" &&
  trained_rows "$SCRATCH_RECIPES" "$encoder" --mode scratch --model "$1"
}
table() { probes "$@" && trained "$@"; }  # table MODEL RUN_NAME: the whole test table from the run's last.pt
full_labels_pair() {  # full_labels_pair MODEL RUN_NAME SEED: one seed's 100%-label finetune and scratch rows
  local SEEDS=$3 FRACTIONS=1
  trained "$1" "$2"
}
few_labels() {  # few_labels MODEL RUN_NAME: finetune and scratch at 1% and 10%
  local FRACTIONS="0.01 0.1"
  trained "$1" "$2"
}
sweep() {  # sweep MODEL RUN_NAME FRACTION: validation sweeps, equal effort for scratch and finetune
  local model=$1 name=$2 fraction=$3 csv="$OUT/sweep_val.csv" encoder
  # The sweep's base recipe, written out (the per-mode defaults are the CPU sweeps' winners; later options win).
  local base=(--lr 2e-3 --label-smoothing 0 --layer-decay 1)
  encoder="$(run_of "$name")/last.pt"
  for lr in 1e-3 2e-3 5e-3; do
    for wd in 0.05 5e-4; do
      cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" "${base[@]}" --mode scratch --model "$model" --label-fraction "$fraction" --lr $lr --weight-decay $wd --results "$csv" || return 1
      cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" "${base[@]}" --mode finetune --encoder "$encoder" --label-fraction "$fraction" --lr $lr --weight-decay $wd --results "$csv" || return 1
    done
  done
  # One lever pair each, at lr 2e-3: label smoothing / stronger decay for scratch; LP-FT / layer decay for finetune.
  cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" "${base[@]}" --mode scratch --model "$model" --label-fraction "$fraction" --label-smoothing 0.1 --results "$csv" || return 1
  cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" "${base[@]}" --mode scratch --model "$model" --label-fraction "$fraction" --weight-decay 0.5 --results "$csv" || return 1
  cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" "${base[@]}" --mode finetune --encoder "$encoder" --label-fraction "$fraction" --lp-ft --results "$csv" || return 1
  cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" "${base[@]}" --mode finetune --encoder "$encoder" --label-fraction "$fraction" --layer-decay 0.7 --results "$csv" || return 1
  # Co-training (the pretext kept on at weight 0.3: +0.6 at 10% on CPU validation with the turned encoder, a loss at 1%).
  cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" "${base[@]}" --mode finetune --encoder "$encoder" --label-fraction "$fraction" --pretext-weight 0.3 --results "$csv" || return 1
  # Its control (S4L proper): the same pretext from a random init, the run's settings and none of its weights.
  cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" "${base[@]}" --mode scratch --model "$model" --pretext-from "$encoder" --label-fraction "$fraction" --pretext-weight 0.3 --results "$csv" || return 1
  # Colors and length, each for both modes (CPU, 10% labels: colors +1.4 scratch / +0.6 finetune, and scratch
  # kept gaining with steps where finetune did not). Twice and four times the default length.
  local mode_args
  for mode_args in "--mode scratch --model $model" "--mode finetune --encoder $encoder"; do
    # shellcheck disable=SC2086  # mode_args are words
    cli transfer --task classify "${data[@]}" "${smoke_transfer[@]}" "${base[@]}" $mode_args --label-fraction "$fraction" --input lab --results "$csv" || return 1
    for length in 2 4; do  # smoke options last here: they must win over the length
      # shellcheck disable=SC2086
      cli transfer --task classify "${data[@]}" "${base[@]}" $mode_args --label-fraction "$fraction" --epochs $((15 * length)) --min-steps $((1000 * length)) "${smoke_transfer[@]}" --results "$csv" || return 1
    done
  done
}

levers() {  # levers RUN_NAME...: the CPU lever tables' quick validation finetune rows (seed 0, last.pt, colors,
  # layer decay 0.7; 10%: lr 1e-2, 1,000 steps; 1%: lr 5e-3, 1,000 steps), one pretraining run each
  local name encoder
  for name in "$@"; do
    encoder="$(run_of "$name")/last.pt"
    cli transfer --task classify "${data[@]}" --mode finetune --encoder "$encoder" --input lab --layer-decay 0.7 \
      --label-smoothing 0 --label-fraction 0.1 --lr 1e-2 --epochs 29 "${smoke_transfer[@]}" --results "$OUT/sweep_val_levers.csv" || return 1
    cli transfer --task classify "${data[@]}" --mode finetune --encoder "$encoder" --input lab --layer-decay 0.7 \
      --label-smoothing 0 --label-fraction 0.01 --lr 5e-3 --epochs 334 "${smoke_transfer[@]}" --results "$OUT/sweep_val_levers.csv" || return 1
  done
}
# First (2026-12-07), the cells no CPU session can afford, within one session's 15 device minutes: resnet18 pretrained
# with the CPU run's recipe (the turned pretext, 20 epochs: the README's resnet18 table), then its 100%-label rows on
# test one seed at a time, finetune then co-trained scratch, so that a cut leaves pairs. Their recipes are the 100%
# ones validation chose for unet-s; resnet18's own are not validated at 100%. Then its probes; later its 1% and 10%
# rows, and the full 60 epochs.
step pretrain-resnet18-ep20 pretrain resnet18-ep20 $TURNED --model resnet18 --epochs 20
for seed in 0 1 2; do
  step "full-labels-resnet18-ep20-seed$seed" full_labels_pair resnet18 resnet18-ep20 $seed
done
step probes-resnet18-ep20 probes resnet18 resnet18-ep20
# Throughput against the GPU's own matmul peak (about two minutes): batch 128 and 512, eager and compiled.
bench() { python3 benchmarks/throughput.py --data-dir "$DATA" --cache-dir "$RUNS/cache" --images 20000 --out "$OUT/throughput_gpu.csv" "$@" "${smoke_bench[@]}"; }
step throughput bench --workers 16
step throughput-512 bench --batch-size 512 --no-conventional
step throughput-compile bench --models unet-s --compile --no-conventional
step few-labels-resnet18-ep20 few_labels resnet18 resnet18-ep20
step pretrain-resnet18 pretrain resnet18 $TURNED --model resnet18
step table-resnet18 table resnet18 resnet18
step pretrain-rot3 pretrain rot3 $TURNED --model unet-s
step table-rot3 table unet-s rot3
step pretrain-unet-s pretrain unet-s $PRETEXT --model unet-s
probes_of() {  # probes_of RUN_NAME: the probe rows of the run's last.pt (validation chose its probe at 1%)
  local encoder; encoder="$(run_of "$1")/last.pt"
  trained_rows "$PROBE_RECIPES" "$encoder" --mode linear --encoder "$encoder"
}
step probes-unet-s probes_of unet-s
step sweep-rot3-100 sweep unet-s rot3 1
step sweep-rot3-1 sweep unet-s rot3 0.01
# Session 34's pretext levers beside the turned pretext at full scale, for their test tables (on CPU, validation only:
# tone ties; the histogram head gains the probe, +1.6 at 1%, and ties finetuning; README "The levers").
step pretrain-tone pretrain tone $TURNED --tone-jitter 0.5
step pretrain-hist pretrain hist $TURNED --histogram-weight 1
step levers-tone-hist levers rot3 tone hist
# Ablation rows beside the chosen pretext (each one lever changed; later flags win in the CLI).
step pretrain-rebal pretrain rebal $PRETEXT --rebalance-lambda 0.5
step pretrain-unet-m pretrain unet-m $PRETEXT --model unet-m
step pretrain-noskip pretrain noskip $PRETEXT --no-skips
step pretrain-stride2 pretrain stride2 $PRETEXT --output-stride 2
step pretrain-stride8 pretrain stride8 $PRETEXT --output-stride 8
# best.pt (lowest pretext validation loss) and last.pt of every run, pooled globally and to 4 x 4.
for grid in 1 4; do
  step probes-grid$grid python3 benchmarks/ablation.py --data-dir "$DATA" --cache-dir "$RUNS/cache" --runs "$RUNS" --out "$OUT/probe_val.csv" \
    --pool-grid $grid --l2 1e-5 1e-4 1e-3 1e-2 1e-1 1 --checkpoints $(ls "$RUNS"/pretrain/*/last.pt 2>/dev/null)
done
echo "plan finished: $(ls "$OUT/done" | wc -l) steps done" | tee -a "$OUT/plan.log"
