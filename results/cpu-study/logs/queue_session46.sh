#!/usr/bin/env bash
# Session 46: this session's machine came new, without runs/ or the decoded-image cache, so the 20-epoch resnet18
# pretraining (session 39-40's run, 2 h 17 min on an AMX Xeon; its encoder was not committed) and with it the
# resumable 8,000-step 1% runs of queue_session45b.sh were gone. Step 1 pretrains it again with session 39's command
# (same seed and data; this host's AMD EPYC bf16 kernels are not bit-identical to the Xeon's, so it is a new run of
# the same recipe); rerunning this script resumes it from last.pt. (Planned steps 2-3, exporting its colorizer for
# committing and a stand-in check, were dropped before it ran: the export is over the repository's 5 MB limit, and
# the check moved to queue_session46b.sh's probes and queue_session47.sh.)
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
cd /work/snap46
export PYTHONPATH=/work/snap46
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
RUN_DIR="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 2>/dev/null | tail -1 || true)"
if [ -z "$RUN_DIR" ]; then
  python -m ssl_colorize pretrain --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache \
    --objective ab-classify --rebalance-lambda 1 --model resnet18 --augment resized-crop --output-stride 4 \
    --rotation-weight 3 --epochs 20 --save-every 100 --out $M/runs/r18full --name r18-rot3-stride4-rcrop-full-ep20 \
    2>&1 | grep --line-buffered -v "^\s*[0-9]*%"
elif [ "$(($(wc -l < "$RUN_DIR/metrics.csv") - 1))" -lt 20 ]; then
  python -m ssl_colorize pretrain --resume "$RUN_DIR" 2>&1 | grep --line-buffered -v "^\s*[0-9]*%"
fi
RUN_DIR="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)"
echo "pretraining done $(date +%T): $RUN_DIR"
