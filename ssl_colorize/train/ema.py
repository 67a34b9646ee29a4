"""An exponential moving average of a model's weights, to evaluate instead of the last step's."""

from itertools import chain

import torch

# The decay at update t is min(decay, (1 + t) / (10 + t)), TensorFlow's ExponentialMovingAverage with
# num_updates: a run of a few thousand steps would otherwise keep a share of its start in the average.
# Until the cap is reached the average spans about the last tenth of the steps so far.
WARMUP_OFFSET = 10


class WeightAverage:
    """EMA of every floating parameter and buffer of `model` (BatchNorm's running statistics too, so the
    averaged weights are evaluated with statistics that went with them). Call `update` after each
    optimizer step and `copy_to_model` once training ends."""

    def __init__(self, model: torch.nn.Module, decay: float) -> None:
        if not 0 < decay < 1:
            raise ValueError(f"EMA decay must be in (0, 1), got {decay}")
        self.decay, self.updates = decay, 0
        self.tensors = [t for t in chain(model.parameters(), model.buffers()) if t.is_floating_point()]
        self.average = [t.detach().clone() for t in self.tensors]

    def current_decay(self) -> float:
        """The decay the next update uses."""
        t = self.updates + 1
        return min(self.decay, (1 + t) / (WARMUP_OFFSET + t))

    @torch.no_grad()
    def update(self) -> None:
        """average <- decay * average + (1 - decay) * weights."""
        weight = 1.0 - self.current_decay()
        torch._foreach_lerp_(self.average, [t.detach() for t in self.tensors], weight)
        self.updates += 1

    @torch.no_grad()
    def copy_to_model(self) -> None:
        """Overwrite the model's weights and statistics with their averages."""
        torch._foreach_copy_(self.tensors, self.average)

    def state(self) -> dict:
        """What a checkpoint keeps: the averages and the number of updates."""
        return {"updates": self.updates, "average": list(self.average)}  # saved at once: no copy needed

    def load_state(self, state: dict) -> None:
        self.updates = state["updates"]
        torch._foreach_copy_(self.average, state["average"])
