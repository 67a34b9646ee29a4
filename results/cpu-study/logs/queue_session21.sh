#!/bin/bash
# Session 21 (2026-11-28): AMD EPYC, 2 cores, AVX512-BF16 without AMX (lscpu_session21.txt).
# Throughput on this CPU first (issue 9: a second CPU model in the table).
set -x
cd /work/snap21 && export PYTHONPATH=/work/snap21
D=/work/shared/data/cifar10; C=/work/cache
python benchmarks/throughput.py --data-dir $D --cache-dir $C --models unet-s --out /work/main/results/throughput_epyc.csv
python benchmarks/throughput.py --data-dir $D --cache-dir $C --models resnet18 --steps 4 --out /work/main/results/throughput_epyc.csv
