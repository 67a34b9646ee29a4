"""Pretext objectives, selectable by name: what the network predicts from L and how it is scored.

Every objective maps the network's raw output (B, C, h, w) to ab (B, 2, h, w) with `predict_ab`,
so evaluation and photo colorization treat all objectives alike: the true (or the photo's) L is
kept and only the predicted color is used.
"""

import torch
import torch.nn.functional as F
from torch import nn

from ssl_colorize.color import AB_SCALE, rgb_to_lab, uint8_to_float
from ssl_colorize.errors import UserError

OBJECTIVES = ("rgb-mse", "ab-mse", "ab-classify")


class Objective(nn.Module):
    """Base class. `output_stride` is how much smaller than the input the prediction is."""

    name: str = ""
    out_channels: int = 0
    output_stride: int = 1

    def loss(self, pred: torch.Tensor, rgb: torch.Tensor, lab: torch.Tensor) -> torch.Tensor:
        """pred (B, C, h, w), rgb (B, 3, H, W) in [0, 1], lab (B, 3, H, W) -> scalar loss."""
        raise NotImplementedError

    def predict_ab(self, pred: torch.Tensor) -> torch.Tensor:
        """pred (B, C, h, w) -> ab (B, 2, h, w) in Lab units."""
        raise NotImplementedError

    def fit(self, images: torch.Tensor) -> None:
        """Estimate statistics from training images (B, 3, H, W) uint8; most objectives need none."""


class RgbMse(Objective):
    """The original study: gray in, RGB out (sigmoid), mean squared error on RGB in [0, 1]."""

    name, out_channels = "rgb-mse", 3

    def loss(self, pred, rgb, lab):
        return F.mse_loss(torch.sigmoid(pred.float()), rgb)

    def predict_ab(self, pred):
        return rgb_to_lab(torch.sigmoid(pred.float()))[:, 1:]


class AbMse(Objective):
    """Lab regression: ab / AB_SCALE from L, mean squared error."""

    name, out_channels = "ab-mse", 2

    def loss(self, pred, rgb, lab):
        return F.mse_loss(pred.float(), lab[:, 1:] / AB_SCALE)

    def predict_ab(self, pred):
        return pred.float() * AB_SCALE


# ab-classify's prediction resolutions (input / stride): the U-Net encoders' stage reductions.
OUTPUT_STRIDES = (1, 2, 4, 8)


DEFAULT_AB_GRID = 10.0  # Zhang et al.'s side of the ab bins


def in_gamut_bins(grid: float = DEFAULT_AB_GRID, samples_per_axis: int = 128) -> torch.Tensor:
    """Centers (Q, 2) of the ab grid cells that some sRGB color falls into.

    Q = 262 at grid 10 (Zhang et al. report 313 for their gamut estimate).

    Found by converting a dense lattice of the sRGB cube to Lab, so no data set is needed.
    """
    axis = torch.linspace(0.0, 1.0, samples_per_axis)
    rgb = torch.stack(torch.meshgrid(axis, axis, axis, indexing="ij")).reshape(1, 3, -1, 1)
    ab = rgb_to_lab(rgb)[0, 1:, :, 0].T  # (N, 2)
    centers = torch.unique(torch.round(ab / grid), dim=0) * grid
    return centers


def candidate_table(bins: torch.Tensor, neighbors: int, cell_size: float) -> tuple[torch.Tensor, torch.Tensor]:
    """bins (Q, 2) -> origin (2,) and candidates (C, C, M): for every square cell of side `cell_size`
    covering the bins, the bins that can be among the `neighbors` nearest of some point in the cell.

    A bin qualifies when its distance from the cell's center is at most the center's k-th nearest
    distance plus the cell's diagonal: moving within the cell changes every distance by at most half
    the diagonal. Rows are padded to a common length M with Q, an index past the real bins.
    """
    origin = bins.min(dim=0).values - 2 * cell_size
    cells = int(((bins.max(dim=0).values - origin) / cell_size).ceil().max()) + 2
    axis = origin.new_tensor(range(cells))
    centers = torch.stack(torch.meshgrid(axis, axis, indexing="ij"), dim=-1).reshape(-1, 2)
    centers = origin + (centers + 0.5) * cell_size
    dist = torch.cdist(centers, bins)
    # + 1e-3: slack for cdist's float rounding, so the bound never drops a bin it should keep
    reach = dist.topk(neighbors, dim=1, largest=False).values[:, -1:] + cell_size * 2**0.5 + 1e-3
    within = dist <= reach
    width = int(within.sum(dim=1).max())
    # Order each row's qualifying bins first (stable, by index), then the padding.
    order = torch.argsort((~within).to(torch.uint8), dim=1, stable=True)[:, :width]
    candidates = torch.where(within.gather(1, order), order, bins.shape[0])
    return origin, candidates.reshape(cells, cells, width)


class AbClassify(Objective):
    """Zhang, Isola, Efros 2016: ab as a distribution over quantized in-gamut bins.

    Targets are soft-encoded (the `neighbors` nearest bins, Gaussian `sigma`, by default grid / 2), each pixel is
    weighted by the class-rebalancing weight of its nearest bin (mix of the smoothed empirical bin
    distribution with uniform, `rebalance_lambda`), and ab is decoded by the annealed mean (`temperature`).
    """

    name = "ab-classify"

    def __init__(
        self,
        output_stride: int = 2,
        grid: float = DEFAULT_AB_GRID,
        neighbors: int = 5,
        sigma: float | None = None,
        rebalance_lambda: float = 0.5,
        temperature: float = 0.38,
    ) -> None:
        super().__init__()
        if output_stride not in OUTPUT_STRIDES:
            raise UserError(f"ab-classify output stride must be one of {OUTPUT_STRIDES}, got {output_stride}")
        self.output_stride = output_stride
        # sigma defaults to half the grid (Zhang et al.'s 5 at 10), so the soft targets spread over the same few
        # neighbors at any bin size
        self.neighbors, self.sigma = neighbors, grid / 2 if sigma is None else sigma
        self.rebalance_lambda, self.temperature = rebalance_lambda, temperature
        self.register_buffer("bins", in_gamut_bins(grid))
        self.out_channels = self.bins.shape[0]
        self.register_buffer("class_weights", torch.ones(self.out_channels))
        # Derived from the bins, so not saved with the model (older checkpoints lack it).
        self.cell_size = grid / 4
        origin, candidates = candidate_table(self.bins, neighbors, self.cell_size)
        self.register_buffer("cell_origin", origin, persistent=False)
        self.register_buffer("cell_candidates", candidates, persistent=False)
        # index Q of the padding: a bin no pixel is near
        self.register_buffer("candidate_bins", F.pad(self.bins, (0, 0, 0, 1), value=1e4), persistent=False)

    def _target_ab(self, lab: torch.Tensor) -> torch.Tensor:
        """lab (B, 3, H, W) -> ab (B*h*w, 2) at the prediction's resolution."""
        ab = lab[:, 1:]
        if self.output_stride > 1:
            ab = F.avg_pool2d(ab, self.output_stride)
        return ab.permute(0, 2, 3, 1).reshape(-1, 2)

    def soft_encode(self, ab: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """ab (N, 2) -> indices (N, k) of the k nearest bins, nearest first, and their Gaussian weights (N, k).

        Exact, but searches only the few bins that can be among the k nearest for any point of the
        pixel's cell (`candidate_table`) instead of all Q bins: the profile's top-k over 262 bins was
        the loss's largest cost.
        """
        cell = ((ab - self.cell_origin) / self.cell_size).floor().long()
        rows = self.cell_candidates.shape[0]
        cell = cell.clamp(0, rows - 1)  # only colors outside sRGB fall off the table
        candidates = self.cell_candidates[cell[:, 0], cell[:, 1]]  # (N, M)
        dist2 = (ab.unsqueeze(1) - self.candidate_bins[candidates]).square().sum(dim=2)
        d2, nearest = dist2.topk(self.neighbors, dim=1, largest=False)
        weights = torch.softmax(-d2 / (2 * self.sigma**2), dim=1)
        return candidates.gather(1, nearest), weights

    def loss(self, pred, rgb, lab):
        # Channels last (the network's output format) makes the permute a view and the bins the
        # innermost axis, where log-softmax and gather are fastest.
        logp = F.log_softmax(pred.permute(0, 2, 3, 1).float(), dim=-1).reshape(-1, self.out_channels)
        idx, weights = self.soft_encode(self._target_ab(lab))
        cross_entropy = -(weights * logp.gather(1, idx)).sum(dim=1)
        pixel_weights = self.class_weights[idx[:, 0]]
        return (pixel_weights * cross_entropy).mean()

    def image_histogram(self, lab: torch.Tensor) -> torch.Tensor:
        """lab (B, 3, H, W) -> (B, Q): each image's color distribution, its pixels' soft-encoded targets
        (at the prediction's resolution, not rebalanced) averaged over the image; rows sum to 1."""
        idx, weights = self.soft_encode(self._target_ab(lab))
        batch = lab.shape[0]
        pixels = idx.shape[0] // batch
        rows = torch.arange(batch, device=lab.device).repeat_interleave(pixels)
        histogram = torch.zeros(batch, self.out_channels, device=lab.device)
        histogram.index_put_((rows.unsqueeze(1).expand_as(idx), idx), weights, accumulate=True)
        return histogram / pixels

    def predict_ab(self, pred):
        probs = torch.softmax(pred.float() / self.temperature, dim=1)
        return torch.einsum("bqhw,qc->bchw", probs, self.bins)

    @torch.no_grad()
    def bin_histogram(self, images: torch.Tensor, batch_size: int = 1024) -> torch.Tensor:
        """uint8 images (B, 3, H, W) -> empirical probability (Q,) of each pixel's nearest bin."""
        counts = torch.zeros(self.out_channels, dtype=torch.float64, device=self.bins.device)
        for start in range(0, images.shape[0], batch_size):
            batch = uint8_to_float(images[start : start + batch_size].to(self.bins.device))
            nearest = self.soft_encode(self._target_ab(rgb_to_lab(batch)))[0][:, 0]
            counts += torch.bincount(nearest, minlength=self.out_channels).double()
        return (counts / counts.sum()).float()

    def fit(self, images: torch.Tensor) -> None:
        """Set the class-rebalancing weights from the training images' bin distribution."""
        self.class_weights.copy_(self.rebalancing_weights(self.bin_histogram(images)))

    def rebalancing_weights(self, probs: torch.Tensor) -> torch.Tensor:
        """Empirical probs (Q,) -> weights (Q,) proportional to 1 / ((1 - lam) p_smooth + lam / Q).

        p is smoothed with a Gaussian of `sigma` in ab space; weights are scaled so that their
        expectation under p_smooth is 1, which keeps the loss on the same scale as unweighted.
        """
        kernel = torch.exp(-torch.cdist(self.bins, self.bins).square() / (2 * self.sigma**2))
        smoothed = kernel @ probs
        smoothed = smoothed / smoothed.sum()
        lam = self.rebalance_lambda
        weights = 1.0 / ((1 - lam) * smoothed + lam / self.out_channels)
        return weights / (smoothed * weights).sum()


def create_objective(name: str, **kwargs) -> Objective:
    """Objective by name (see OBJECTIVES); kwargs go to ab-classify only."""
    if name == "rgb-mse":
        return RgbMse()
    if name == "ab-mse":
        return AbMse()
    if name == "ab-classify":
        return AbClassify(**kwargs)
    raise UserError(f"unknown objective {name!r}; choose one of {', '.join(OBJECTIVES)}")
