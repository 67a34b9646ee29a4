import json
import pathlib

import pandas as pd

rows = []
for run in sorted(pathlib.Path("runs/speedcheck/pretrain").iterdir()):
    config, metrics = json.loads((run / "config.json").read_text()), pd.read_csv(run / "metrics.csv")
    rows.append(
        {
            "run": run.name,
            "side": run.name.split("-")[2],
            "seed": config["seed"],
            "git_sha": config["git_sha"],
            "epochs": len(metrics),
            "val_loss_last": metrics.val_loss.iloc[-1],
            "val_loss_min": metrics.val_loss.min(),
            "images_per_second_median": metrics.images_per_second.iloc[1:].median(),
            "train_seconds": round(metrics.seconds.sum(), 1),
        }
    )
pd.DataFrame(rows).to_csv("results/cpu-study/speedcheck_val_loss.csv", index=False)
print(pd.DataFrame(rows).to_string())
