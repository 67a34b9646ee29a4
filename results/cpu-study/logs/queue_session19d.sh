#!/usr/bin/env bash
# Session of 2026-11-28 (CPU, 2 cores): a turn-dominated control at proxy scale, to say what the colors add to
# the rotation auxiliary: the rotW-stride4 command with --rotation-weight 100 (the encoder's gradient is then
# about 99% the turn's; the decoder still learns to colorize), its validation probes and finetune rows (seed 0,
# 1% and 10%), as queue_session19b.sh ran for W = 0.3, 1, 3. Waits for queue_session19c.sh.
set -euo pipefail
while pgrep -f "queue_session19c[.]sh" >/dev/null; do sleep 10; done
WEIGHTS=100 bash /work/main/results/cpu-study/logs/queue_session19b.sh
cd /work/snap19b && PYTHONPATH=/work/snap19b python -m ssl_colorize evaluate --model RUN --dataset folder --data-dir ../shared/data/cifar10 --eval-split val --no-semantic --results results/cpu-study/evaluate_val_rotation.csv  # 2026-11-28 06:09, run by hand after queue_session19d
