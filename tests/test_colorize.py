import numpy as np
import pytest
import torch
from PIL import Image
from typer.testing import CliRunner

from ssl_colorize.cli import app
from ssl_colorize.color import rgb_to_lab
from ssl_colorize.colorize import Colorizer, colorize_paths, to_rgb_array

runner = CliRunner()


@pytest.fixture(scope="module")
def colorizer_run(tmp_path_factory):
    from conftest import tiny_pretrained_run

    return tiny_pretrained_run(tmp_path_factory.mktemp("colorize"), "ab-classify", 32)[0]


def photo(mode: str, size=(45, 30)) -> Image.Image:
    rng = np.random.default_rng(0)
    rgb = Image.fromarray(rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8), "RGB")
    if mode == "I;16":
        image = Image.fromarray(np.asarray(rgb.convert("L"), dtype=np.uint16) * 257)
        assert image.mode.startswith("I;16")
        return image
    return rgb.convert(mode)


def test_output_keeps_the_full_resolution_lightness(colorizer_run):
    colorizer = Colorizer.load(colorizer_run, device="cpu", precision="fp32")
    image = photo("RGB", (120, 80))
    out = colorizer.colorize_image(image)
    assert out.size == image.size and out.mode == "RGB"
    l_in = rgb_to_lab(torch.from_numpy(to_rgb_array(image)[0]).permute(2, 0, 1)[None])[:, 0]
    l_out = rgb_to_lab(torch.from_numpy(to_rgb_array(out)[0]).permute(2, 0, 1)[None])[:, 0]
    # equal up to 8-bit rounding, and gamut clipping of a few saturated pixels
    assert (l_in - l_out).abs().median() < 0.5
    assert (l_in - l_out).abs().quantile(0.95) < 2.0


@pytest.mark.parametrize("mode", ["L", "LA", "RGB", "RGBA", "P", "CMYK", "I;16", "1"])
def test_every_image_mode_goes_through(colorizer_run, mode):
    colorizer = Colorizer.load(colorizer_run, device="cpu")
    out = colorizer.colorize_image(photo(mode))
    assert out.size == (45, 30)
    assert out.mode == ("RGBA" if mode in ("LA", "RGBA") else "RGB")


def test_exif_rotation_is_applied():
    image = photo("RGB", (40, 20))
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90 degrees on display
    image.info["exif"] = exif.tobytes()
    rotated, _ = to_rgb_array(Image.open(save_and_reopen(image, exif)))
    assert rotated.shape[:2] == (40, 20)


def save_and_reopen(image, exif, path=None):
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    buffer.seek(0)
    return buffer


def test_bad_files_are_reported_and_the_rest_is_done(colorizer_run, tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    photo("RGB").save(photos / "good.png")
    photo("L").save(photos / "also_good.jpg")
    (photos / "corrupt.jpg").write_bytes(b"\xff\xd8\xff\xe0garbage")
    (photos / "notes.png").write_text("not an image")
    good = (photos / "good.png").read_bytes()
    photo("RGB", (400, 400)).save(photos / "big.png")
    colorizer = Colorizer.load(colorizer_run, device="cpu")
    report = colorize_paths(colorizer, [photos], tmp_path / "out", max_pixels=100_000, progress=False)
    assert sorted(p.name for p in report.written) == ["also_good.jpg", "good.png"]
    assert sorted(p.name for p in report.failed) == ["big.png", "corrupt.jpg", "notes.png"]
    assert report.failed[photos / "big.png"].startswith("too large")
    assert (photos / "good.png").read_bytes() == good
    assert "colorized 2, skipped 3" in report.summary()


def test_inputs_and_existing_outputs_are_never_overwritten(colorizer_run, tmp_path):
    photo("RGB").save(tmp_path / "a.png")
    original = (tmp_path / "a.png").read_bytes()
    colorizer = Colorizer.load(colorizer_run, device="cpu")
    # output folder = the input's parent: the output path would be the input itself
    report = colorize_paths(colorizer, [tmp_path / "a.png"], tmp_path, progress=False)
    assert "would overwrite an input" in report.failed[tmp_path / "a.png"]
    assert (tmp_path / "a.png").read_bytes() == original
    out = tmp_path / "out"
    colorize_paths(colorizer, [tmp_path / "a.png"], out, progress=False)
    first = (out / "a.png").read_bytes()
    (out / "a.png").write_bytes(b"user's edit")
    report = colorize_paths(colorizer, [tmp_path / "a.png"], out, progress=False)
    assert "output exists" in report.skipped[tmp_path / "a.png"]
    assert (out / "a.png").read_bytes() == b"user's edit"
    colorize_paths(colorizer, [tmp_path / "a.png"], out, overwrite=True, progress=False)
    assert (out / "a.png").read_bytes() == first


def test_cli_exit_code_is_non_zero_when_a_file_failed(colorizer_run, tmp_path):
    (tmp_path / "bad.png").write_bytes(b"nope")
    photo("RGB").save(tmp_path / "ok.png")
    result = runner.invoke(
        app, ["colorize", str(tmp_path), "--model", str(colorizer_run), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "colorized 1, skipped 1" in result.output
    result = runner.invoke(
        app, ["colorize", str(tmp_path / "missing.png"), "--model", str(colorizer_run), "--out", "o"]
    )
    assert result.exit_code == 2


def test_outputs_never_collide_and_keep_the_input_format(colorizer_run, tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    photo("RGB").save(photos / "pic.jpg")
    photo("RGB").save(photos / "pic.png")
    colorizer = Colorizer.load(colorizer_run, device="cpu")
    report = colorize_paths(colorizer, [photos], tmp_path / "out", progress=False)
    assert sorted(p.name for p in report.written) == ["pic.jpg", "pic.png"]  # the input's format by default
    with Image.open(tmp_path / "out" / "photos" / "pic.jpg") as image:
        assert image.format == "JPEG"
    report = colorize_paths(colorizer, [photos], tmp_path / "png", progress=False, output_format="png")
    assert not report.written and all("name clash" in reason for reason in report.failed.values())
    assert len(report.failed) == 2 and not (tmp_path / "png" / "photos" / "pic.png").exists()
    other = tmp_path / "elsewhere" / "photos"
    other.mkdir(parents=True)
    photo("L").save(other / "pic.jpg")  # same relative output as photos/pic.jpg
    report = colorize_paths(colorizer, [photos, other], tmp_path / "two", progress=False)
    assert [p.name for p in report.written] == ["pic.png"] and len(report.failed) == 2


def test_outputs_inside_an_input_folder_are_never_inputs(colorizer_run, tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    photo("RGB").save(photos / "a.png")
    colorizer = Colorizer.load(colorizer_run, device="cpu")
    out = photos / "colorized"
    first = colorize_paths(colorizer, [photos], out, progress=False)
    second = colorize_paths(colorizer, [photos], out, progress=False)
    assert [p.name for p in first.written] == ["a.png"]
    assert not second.written and list(second.skipped) == [photos / "a.png"] and not second.failed
    assert not (out / "photos" / "colorized").exists()


def test_cli_exit_codes_follow_skipped_versus_failed(colorizer_run, tmp_path):
    photo("RGB").save(tmp_path / "a.png")
    args = ["colorize", str(tmp_path / "a.png"), "--model", str(colorizer_run)]
    assert runner.invoke(app, [*args, "--out", str(tmp_path / "o")]).exit_code == 0
    again = runner.invoke(app, [*args, "--out", str(tmp_path / "o")])
    assert again.exit_code == 0 and "output exists" in again.output
    onto_input = runner.invoke(app, [*args, "--out", str(tmp_path)])
    assert onto_input.exit_code == 1 and "would overwrite an input" in onto_input.output
    bad_format = runner.invoke(app, [*args, "--out", str(tmp_path / "p"), "--format", "gif"])
    assert bad_format.exit_code == 2 and "--format" in bad_format.output


def test_the_shipped_colorizer_loads_safely_and_gives_colors():
    """The float16 colorizer the README hands first users (results/colorizer/) works without pretraining."""
    from pathlib import Path

    shipped = Path(__file__).parents[1] / "results" / "colorizer" / "unet-s-vivid-ep10-fp16.pt"
    stored = torch.load(shipped, weights_only=True)
    assert stored["config"]["rebalance_lambda"] == 0.5  # the vivid setting, not the study's transfer one
    assert {value.dtype for value in stored["model"].values() if value.is_floating_point()} == {torch.float16}
    colorizer = Colorizer.load(shipped, device="cpu", precision="fp32")
    out = colorizer.colorize_image(photo("L", (64, 48)))
    assert out.size == (64, 48)
    chroma = rgb_to_lab(torch.from_numpy(to_rgb_array(out)[0]).permute(2, 0, 1)[None])[:, 1:].norm(dim=1)
    assert chroma.mean() > 10.0  # a gray input comes back in color (34 here; a gray output is near 0)
