#!/usr/bin/env bash
# Session 36, second run: at --view-weight 1 the probe moved within a pretraining seed's spread (46.07 / 57.05 /
# 63.72 against rot3-stride4's 45.49 / 57.75 / 63.44) and the training loss says the VICReg term stayed near its
# floor's size (the variance hinge); the weight is a tenth of the paper's own scale relative to colorization.
# `view10-rot3-stride4`: the same recipe at --view-weight 10, then the same probes, metrics and finetune rows.
set -euo pipefail
L=/work/main/results/cpu-study/logs
while ! grep -q '^queue done' $L/queue_session36.log; do sleep 15; done
RUN=view10-rot3-stride4 VIEW_WEIGHT=10 bash $L/queue_session36.sh
