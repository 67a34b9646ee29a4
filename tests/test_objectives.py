import pytest
import torch

from ssl_colorize.color import rgb_to_lab
from ssl_colorize.errors import UserError
from ssl_colorize.objectives import AbClassify, create_objective, in_gamut_bins


def test_in_gamut_bins_cover_srgb_on_a_grid_of_10():
    bins = in_gamut_bins()
    assert 250 <= bins.shape[0] <= 320
    assert torch.all(bins.remainder(10) == 0)
    assert (bins == 0).all(dim=1).any(), "neutral gray must be a bin"


def test_soft_encoding_weights_sum_to_one_and_nearest_comes_first():
    objective = AbClassify()
    ab = torch.tensor([[0.0, 0.0], [42.0, -17.0]])
    idx, weights = objective.soft_encode(ab)
    assert idx.shape == weights.shape == (2, 5)
    assert torch.allclose(weights.sum(1), torch.ones(2))
    assert torch.all(weights[:, 0] >= weights[:, 1])
    nearest = torch.cdist(ab, objective.bins).argmin(1)
    assert torch.equal(idx[:, 0], nearest)
    # a pixel exactly on a bin center puts the largest weight there
    assert torch.equal(objective.bins[idx[0, 0]], torch.tensor([0.0, 0.0]))


@pytest.mark.parametrize("grid", [5.0, 10.0, 20.0, 40.0])
def test_soft_encoding_searches_few_bins_but_equals_the_search_over_all_bins(grid):
    objective = AbClassify(grid=grid)  # --ab-grid's range
    assert objective.sigma == grid / 2
    torch.manual_seed(0)
    # every corner of sRGB, random colors, and random points of the ab plane's gamut box
    corners = torch.cartesian_prod(*[torch.tensor([0.0, 1.0])] * 3).T.reshape(1, 3, 8, 1)
    colors = torch.cat([corners, torch.rand(1, 3, 4000, 1)], dim=2)
    ab_colors = rgb_to_lab(colors)[0, 1:, :, 0].T
    low, high = objective.bins.min(0).values, objective.bins.max(0).values
    ab_box = low + torch.rand(4000, 2) * (high - low)
    ab = torch.cat([ab_colors, ab_box])
    idx, weights = objective.soft_encode(ab)
    dist2 = torch.cdist(ab, objective.bins).square()
    d2, reference = dist2.topk(5, dim=1, largest=False)
    assert objective.cell_candidates.shape[-1] < max(objective.out_channels / 10, 13)  # 23 bins at grid 40
    # the same k nearest distances, nearest first, from k different bins (equal distances may swap bins)
    assert torch.allclose(dist2.gather(1, idx), d2, atol=1e-3)
    assert torch.all(idx.sort(dim=1).values.diff(dim=1) > 0)
    untied = (d2.diff(dim=1).min(dim=1).values > 1e-2) & ((dist2.sort(dim=1).values[:, 5] - d2[:, 4]) > 1e-2)
    assert untied.sum() > 6000 and torch.equal(idx[untied], reference[untied])
    # cdist rounds d2 by ~1e-3
    torch.testing.assert_close(weights, torch.softmax(-d2 / (2 * objective.sigma**2), dim=1), atol=1e-4, rtol=0)


def test_annealed_mean_of_a_peaked_distribution_is_that_bin():
    objective = AbClassify(output_stride=1)
    target = 17
    logits = torch.full((1, objective.out_channels, 2, 2), -20.0)
    logits[:, target] = 20.0
    ab = objective.predict_ab(logits)
    assert torch.allclose(ab[0, :, 0, 0], objective.bins[target], atol=1e-3)


def test_annealed_mean_is_between_mode_and_mean():
    objective = AbClassify(output_stride=1)
    logits = torch.randn(1, objective.out_channels, 1, 1) * 2
    probs = torch.softmax(logits, 1)[0, :, 0, 0]
    mean = probs @ objective.bins
    mode = objective.bins[probs.argmax()]
    annealed = objective.predict_ab(logits)[0, :, 0, 0]
    # T = 0.38 sharpens the distribution: the annealed mean moves from the mean towards the mode
    assert (annealed - mode).norm() < (mean - mode).norm()


def test_rebalancing_weights_favor_rare_colors_and_average_to_one():
    objective = AbClassify()
    gray_index = int((objective.bins == 0).all(1).nonzero())
    probs = torch.full((objective.out_channels,), 1e-4)
    probs[gray_index] = 1.0
    probs /= probs.sum()
    weights = objective.rebalancing_weights(probs)
    assert weights[gray_index] == weights.min()
    kernel = torch.exp(-torch.cdist(objective.bins, objective.bins).square() / 50)
    smoothed = kernel @ probs
    smoothed /= smoothed.sum()
    assert torch.isclose((smoothed * weights).sum(), torch.tensor(1.0), atol=1e-4)


def test_fit_sets_weights_from_data():
    objective = AbClassify()
    gray = torch.full((4, 3, 8, 8), 128, dtype=torch.uint8)
    objective.fit(gray)
    gray_index = int((objective.bins == 0).all(1).nonzero())
    assert objective.class_weights.argmin() == gray_index


@pytest.mark.parametrize("name", ["rgb-mse", "ab-mse", "ab-classify"])
def test_loss_is_finite_and_predict_ab_has_two_channels(name):
    objective = create_objective(name)
    rgb = torch.rand(2, 3, 8, 8)
    lab = rgb_to_lab(rgb)
    pred = torch.randn(2, objective.out_channels, 8 // objective.output_stride, 8 // objective.output_stride)
    loss = objective.loss(pred, rgb, lab)
    assert loss.ndim == 0 and torch.isfinite(loss)
    assert objective.predict_ab(pred).shape == (2, 2, *pred.shape[-2:])


def test_ab_classify_loss_is_lower_for_the_right_bins():
    objective = AbClassify(output_stride=1)
    rgb = torch.rand(1, 3, 4, 4)
    lab = rgb_to_lab(rgb)
    right = torch.full((1, objective.out_channels, 4, 4), -5.0)
    nearest = torch.cdist(lab[:, 1:].permute(0, 2, 3, 1).reshape(-1, 2), objective.bins).argmin(1)
    right.view(1, objective.out_channels, -1)[0, nearest, torch.arange(16)] = 5.0
    wrong = torch.zeros_like(right)
    assert objective.loss(right, rgb, lab) < objective.loss(wrong, rgb, lab)


@pytest.mark.parametrize(
    ("memory_format", "stride"), [(torch.contiguous_format, 2), (torch.channels_last, 2), (torch.channels_last, 4)]
)
def test_ab_classify_loss_is_the_rebalanced_soft_cross_entropy(memory_format, stride):
    objective = AbClassify(output_stride=stride)
    objective.fit((torch.rand(4, 3, 8, 8) * 255).to(torch.uint8))
    rgb = torch.rand(2, 3, 8, 8)
    lab = rgb_to_lab(rgb)
    pred = torch.randn(2, objective.out_channels, 8 // stride, 8 // stride).contiguous(memory_format=memory_format)
    ab = torch.nn.functional.avg_pool2d(lab[:, 1:], stride).permute(0, 2, 3, 1).reshape(-1, 2)
    d2, idx = torch.cdist(ab, objective.bins).square().topk(5, dim=1, largest=False)
    target = torch.zeros(ab.shape[0], objective.out_channels).scatter_(1, idx, torch.softmax(-d2 / 50, dim=1))
    logp = torch.log_softmax(pred, dim=1).permute(0, 2, 3, 1).reshape(-1, objective.out_channels)
    expected = (objective.class_weights[idx[:, 0]] * -(target * logp).sum(1)).mean()
    assert torch.isclose(objective.loss(pred, rgb, lab), expected, rtol=1e-5)


def test_unknown_objective_is_a_user_error():
    with pytest.raises(UserError, match="unknown objective"):
        create_objective("l1-perceptual")
