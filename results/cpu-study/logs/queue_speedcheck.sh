#!/usr/bin/env bash
# Issue 9's check that the faster ab-classify soft-encoding (bdeeeb3) reaches the same validation loss: the
# proxy pretext (unet-s, ab-classify, lambda 1, 20,000 fit images, 10 epochs) with the code before it
# (5c01f2f) and after it (5cd661e), seeds 0 and 1, interleaved so both see the same machine.
# Each side runs from its own worktree as the current directory: `python -m` puts the current directory
# first on sys.path, ahead of PYTHONPATH. (The first version of this script set only PYTHONPATH from
# /work/main, so its "before" run used the current code; that run is discarded. Its "after" seed-0 run,
# from /work/main's working tree at 32f50eb, whose pretraining code is 5cd661e's, is kept.)
set -euo pipefail
echo "start $(date +%T)"
for job in before:0 before:1 after:1; do
  side=${job%%:*} seed=${job#*:}
  tree=/work/snap_before; [ "$side" = after ] && tree=/work/snap73
  (cd "$tree" && python -m ssl_colorize pretrain --dataset folder --data-dir /work/shared/data/cifar10 \
    --cache-dir /work/cache --objective ab-classify --rebalance-lambda 1 --limit 20000 --epochs 10 --seed "$seed" \
    --out /work/main/runs/speedcheck --name "$side-seed$seed")
  echo "$side seed $seed done $(date +%T)"
done
