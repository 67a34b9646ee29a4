"""benchmarks/ablation_table.py: probes, quick transfer rows and colorization metrics joined per encoder."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"
spec = importlib.util.spec_from_file_location("ablation_table", BENCHMARKS / "ablation_table.py")
ablation_table = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ablation_table)

RUN_A, RUN_B = "20260101-000000-variant", "20260102-000000-variant"  # one variant pretrained twice


def probe_rows() -> pd.DataFrame:
    """Variant 'variant' from two runs (A's best.pt, A's last.pt with other weights, B's best.pt = last.pt) and
    the random-init control; seeds 0-2 at 1%, where A's best L2 (1) beats the other (0.1) on the mean only."""
    rows = []
    for variant, encoder_id, values in (
        ("variant", f"{RUN_A}:aaa", {0.1: (50.0, 58.0, 59.0), 1.0: (55.0, 56.0, 57.0)}),
        ("variant@last", f"{RUN_A}:bbb", {0.1: (40.0, 40.0, 40.0), 1.0: (41.0, 42.0, 43.0)}),
        ("variant", f"{RUN_B}:ccc", {0.1: (70.0, 70.0, 70.0), 1.0: (10.0, 10.0, 10.0)}),
        ("variant@last", f"{RUN_B}:ccc", {0.1: (70.0, 70.0, 70.0), 1.0: (10.0, 10.0, 10.0)}),
        ("random-init", "random", {0.1: (30.0, 31.0, 32.0)}),
    ):
        for l2, tops in values.items():
            rows += [(variant, encoder_id, "all", 0.01, seed, l2, top) for seed, top in enumerate(tops)]
        rows.append((variant, encoder_id, "stage1", 0.01, 0, 0.1, 99.0))  # another pool: not in the table
        rows.append((variant, encoder_id, "all", 1.0, 0, 0.1, 80.0))  # 100%: one seed
    return pd.DataFrame(rows, columns=["variant", "encoder_id", "pool", "label_fraction", "seed", "l2", "top1"])


def transfer_rows() -> pd.DataFrame:
    """Quick rows (450 labeled images: 3 steps an epoch, 334 epochs = 1,002 steps) and the rows to leave out."""
    finetune, scratch = ablation_table.FINETUNE_RECIPE, ablation_table.SCRATCH_RECIPES[0.01]
    rows = [
        ("unet-s", f"{RUN_A}:bbb", "finetune", finetune, 0.01, 0, 334, "val", 61.0),
        ("unet-s", f"{RUN_A}:bbb", "finetune", finetune, 0.01, 0, 334, "val", 63.0),  # a repeat: the mean
        ("unet-s", f"{RUN_A}:bbb", "finetune", finetune, 0.01, 1, 334, "val", 90.0),  # seed 1
        ("unet-s", f"{RUN_A}:bbb", "finetune", finetune, 0.01, 0, 334, "test", 91.0),  # test split
        ("unet-s", f"{RUN_A}:bbb", "finetune", finetune, 0.01, 0, 667, "val", 92.0),  # twice the steps
        ("unet-s", f"{RUN_A}:bbb", "finetune", finetune + " input=lab", 0.01, 0, 334, "val", 93.0),  # other recipe
        ("unet-s", "random", "scratch", scratch, 0.01, 0, 333, "val", 48.0),
        ("unet-s", "random", "scratch", finetune, 0.01, 0, 333, "val", 94.0),  # not scratch's recipe
        ("unet-s", "random+pretext:x", "scratch", scratch, 0.01, 0, 333, "val", 95.0),  # co-trained
        ("resnet18", "random", "scratch", scratch, 0.01, 0, 333, "val", 44.0),  # resnet18's control
    ]
    columns = ["encoder", "encoder_id", "mode", "recipe", "label_fraction", "seed", "epochs", "eval_split", "top1"]
    return pd.DataFrame(rows, columns=columns).assign(train_images=450)


def evaluate_rows() -> pd.DataFrame:
    """PSNR of A's run directory (its best.pt), A's last.pt, B's run directory, and the gray baseline."""
    rows = [
        ("gray", 20.0),
        (f"runs/pretrain/{RUN_A}", 23.0),
        (f"/abs/runs/pretrain/{RUN_A}/last.pt", 22.0),
        (f"runs/pretrain/{RUN_B}", 21.0),
    ]
    frame = pd.DataFrame(rows, columns=["model", "psnr"])
    return frame.assign(colorfulness_ratio=1.0, auc_ab_rebalanced=0.5)


def test_probes_of_two_runs_of_one_variant_stay_two_rows_each_at_its_best_mean_l2():
    best = ablation_table.best_probes(probe_rows())
    at_1pct = best[best["label_fraction"] == 0.01].set_index(["variant", "encoder_id"])
    assert at_1pct.loc[("variant", f"{RUN_A}:aaa"), ["l2", "mean", "seeds"]].tolist() == [1.0, 56.0, 3]
    assert at_1pct.loc[("variant", f"{RUN_B}:ccc"), ["l2", "mean", "seeds"]].tolist() == [0.1, 70.0, 3]
    assert at_1pct.loc[("variant", f"{RUN_A}:aaa"), "std"] == 1.0
    assert len(at_1pct) == 5  # A best, A last, B best, B last, the control: never pooled by name


def test_the_table_joins_transfer_and_colorization_by_encoder_and_checkpoint():
    table = ablation_table.ablation_table(probe_rows(), transfer_rows(), evaluate_rows(), 1000)
    rows = table.set_index(["variant", "encoder_id"])
    assert rows.loc[("variant@last", f"{RUN_A}:bbb"), "finetune_1pct"] == 62.0  # mean of the two repeats
    assert pd.isna(rows.loc[("variant", f"{RUN_A}:aaa"), "finetune_1pct"])  # best.pt was not finetuned
    assert rows.loc[("random-init", "random"), "finetune_1pct"] == 48.0  # scratch for unet-s's control
    assert rows.loc[("variant", f"{RUN_A}:aaa"), "psnr"] == 23.0  # a run directory is its best.pt
    assert rows.loc[("variant@last", f"{RUN_A}:bbb"), "psnr"] == 22.0
    # B's best.pt and last.pt hold the same weights: its one evaluation serves both rows
    assert rows.loc[("variant", f"{RUN_B}:ccc"), "psnr"] == rows.loc[("variant@last", f"{RUN_B}:ccc"), "psnr"] == 21
    assert rows.loc[("variant", f"{RUN_A}:aaa"), "probe_100pct_seeds"] == 1
    assert pd.isna(rows.loc[("random-init", "random"), "psnr"]) and "gray" not in table["variant"].tolist()
    lines = ablation_table.table_markdown(table).splitlines()
    cells = [[cell.strip() for cell in line.split("|")[1:-1]] for line in lines]
    assert ["variant", f"{RUN_A}:aaa", "56.00 ± 1.00", "", "80.00", "", "", "23.000"] in cells


def test_the_script_writes_csv_and_markdown_and_refuses_to_overwrite(tmp_path):
    """Two probe CSVs that both probed the random-init control: two measurements, two rows, not six seeds."""
    probes, later = tmp_path / "probes.csv", tmp_path / "later.csv"
    transfer, colors = tmp_path / "transfer.csv", tmp_path / "evaluate.csv"
    rows = probe_rows()
    rows.to_csv(probes, index=False)
    rows[rows["encoder_id"] == "random"].assign(top1=lambda frame: frame["top1"] + 1).to_csv(later, index=False)
    transfer_rows().to_csv(transfer, index=False)
    evaluate_rows().to_csv(colors, index=False)
    out = tmp_path / "table.csv"
    command = [sys.executable, str(BENCHMARKS / "ablation_table.py"), "--probes", str(probes), str(later),
               "--transfer", str(transfer), "--colorization", str(colors), "--out", str(out)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    written = pd.read_csv(out)
    controls = written[written["encoder_id"] == "random"].set_index("source")
    assert len(written) == 6 and controls["probe_1pct"].to_dict() == {"probes.csv": 31.0, "later.csv": 32.0}
    assert controls["probe_1pct_seeds"].tolist() == [3, 3] and controls["finetune_1pct"].tolist() == [48.0, 48.0]
    assert out.with_suffix(".md").read_text().startswith("| variant | encoder | probes |")
    again = subprocess.run(command, capture_output=True, text=True)
    assert again.returncode != 0 and again.stderr.strip().splitlines() == [
        f"error: already written: {out}, {out.with_suffix('.md')}; choose another --out"
    ]
    missing = [*command[:3], str(tmp_path / "nope.csv"), *command[5:-1], str(tmp_path / "other.csv")]
    missing = subprocess.run(missing, capture_output=True, text=True)
    assert missing.returncode != 0 and "no such file" in missing.stderr


@pytest.mark.parametrize("script", ["ablation.py"])
def test_the_probe_script_finds_its_sibling_summary_when_run(script):
    result = subprocess.run([sys.executable, str(BENCHMARKS / script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "--pool-grid" in result.stdout


def test_the_probe_summary_names_each_encoder():
    markdown = ablation_table.probe_markdown(probe_rows())
    lines = [line for line in markdown.splitlines() if "| all |" in line]
    assert len(lines) == 5  # A best, A last, B best, B last, the control: one row each
    assert any(f"{RUN_B}:ccc | all | 70.00 ± 0.00 | - | 80.00" in line for line in lines)
