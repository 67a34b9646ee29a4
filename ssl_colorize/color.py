"""Color-space conversion on batched tensors (kornia), and the network's input/target scaling.

Conventions used everywhere in the package:
- RGB images are float tensors in [0, 1], shape (B, 3, H, W).
- Lab follows CIE L*a*b* (D65): L in [0, 100], a and b roughly in [-110, 110].
- The network input is L scaled to [-1, 1]; ab targets for regression are ab / AB_SCALE.
"""

import kornia.color
import torch

AB_SCALE = 110.0


def rgb_to_lab(rgb: torch.Tensor) -> torch.Tensor:
    """(B, 3, H, W) RGB in [0, 1] -> (B, 3, H, W) Lab, computed in float32."""
    return kornia.color.rgb_to_lab(rgb.float().clamp(0.0, 1.0))


def lab_to_rgb(lab: torch.Tensor) -> torch.Tensor:
    """(B, 3, H, W) Lab -> (B, 3, H, W) RGB in [0, 1], out-of-gamut colors clipped."""
    return kornia.color.lab_to_rgb(lab.float(), clip=True)


def uint8_to_float(images: torch.Tensor) -> torch.Tensor:
    """(B, 3, H, W) uint8 -> (B, 3, H, W) float32 in [0, 1]."""
    return images.float().div_(255.0)


def l_to_input(lightness: torch.Tensor) -> torch.Tensor:
    """(B, 1, H, W) L in [0, 100] -> network input in [-1, 1]."""
    return lightness / 50.0 - 1.0


def input_to_l(net_input: torch.Tensor) -> torch.Tensor:
    """Inverse of `l_to_input`."""
    return (net_input + 1.0) * 50.0


def lab_input_from_rgb(rgb: torch.Tensor) -> torch.Tensor:
    """(B, 3, H, W) RGB in [0, 1] -> (B, 3, H, W): the gray network input, then ab / AB_SCALE."""
    lab = rgb_to_lab(rgb)
    return torch.cat([l_to_input(lab[:, :1]), lab[:, 1:] / AB_SCALE], dim=1)


def gray_input_from_rgb(rgb: torch.Tensor) -> torch.Tensor:
    """(B, 3, H, W) RGB in [0, 1] -> (B, 1, H, W) network input: the gray image every model sees."""
    return lab_input_from_rgb(rgb)[:, :1]


def merge_l_ab(lightness: torch.Tensor, ab: torch.Tensor) -> torch.Tensor:
    """L (B, 1, H, W) and ab (B, 2, h, w) -> RGB (B, 3, H, W); ab is bilinearly resized to H, W."""
    if ab.shape[-2:] != lightness.shape[-2:]:
        ab = torch.nn.functional.interpolate(
            ab.float(), size=lightness.shape[-2:], mode="bilinear", align_corners=False
        )
    return lab_to_rgb(torch.cat([lightness.float(), ab.float()], dim=1))
