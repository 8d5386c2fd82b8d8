"""The registry of pipeline stages: an explicit map from stage name to its module.

Each stage module defines ``STAGE``. The default pipeline lists them in running order.
"""

from __future__ import annotations

from importlib import import_module

from tabayyun.pipeline import Pipeline, Stage

STAGE_MODULES: dict[str, str] = {
    "segment": "tabayyun.stages.segment",
    "quantities": "tabayyun.stages.quantities", "times": "tabayyun.stages.times",
    "events": "tabayyun.stages.events",
    "mentions": "tabayyun.stages.mentions",
    "attributions": "tabayyun.stages.attributions", "claims": "tabayyun.stages.claims",
}

DEFAULT_STAGES: tuple[str, ...] = ("segment", "quantities", "times", "mentions", "attributions", "events", "claims")


def registry() -> dict[str, Stage]:
    stages: dict[str, Stage] = {}
    for name, module in STAGE_MODULES.items():
        stage: Stage = import_module(module).STAGE
        if stage.name != name:
            raise RuntimeError(f"{module} declares stage '{stage.name}', registered as '{name}'")
        stages[name] = stage
    return stages


def default_pipeline() -> Pipeline:
    return Pipeline.build(DEFAULT_STAGES, registry())
