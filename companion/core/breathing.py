"""Breathing patterns as pure functions of elapsed time.

The pacer window asks "where are we at t seconds?" and draws the answer; it
keeps no breathing state of its own, so a dropped frame never drifts."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Phase:
    kind: str  # "in", "top_up", "hold", "out"
    seconds: float
    size_from: float
    size_to: float

    @property
    def words(self) -> str:
        return PHASE_WORDS[self.kind]


PHASE_WORDS = {
    "in": "Breathe in",
    "top_up": "A little more in",
    "hold": "Hold",
    "out": "Breathe out slowly",
}

# Size of the pacer shape: 0 is empty lungs, 1 is full.
REST, FULL = 0.0, 1.0


@dataclass(frozen=True)
class Pattern:
    name: str
    title: str
    phases: tuple[Phase, ...]

    @property
    def cycle_seconds(self) -> float:
        return sum(p.seconds for p in self.phases)

    @property
    def breaths_per_minute(self) -> float:
        return 60.0 / self.cycle_seconds


def _simple(name: str, title: str, inhale: float, hold_in: float, exhale: float, hold_out: float) -> Pattern:
    phases = [Phase("in", inhale, REST, FULL)]
    if hold_in > 0:
        phases.append(Phase("hold", hold_in, FULL, FULL))
    phases.append(Phase("out", exhale, FULL, REST))
    if hold_out > 0:
        phases.append(Phase("hold", hold_out, REST, REST))
    return Pattern(name, title, tuple(phases))


PATTERNS: dict[str, Pattern] = {
    # Two inhales through the nose (a full one, then a short top-up), then a
    # long, slow exhale about twice as long as both inhales together.
    "cyclic_sigh": Pattern("cyclic_sigh", "Cyclic sigh", (
        Phase("in", 2.0, REST, 0.8),
        Phase("top_up", 1.0, 0.8, FULL),
        Phase("out", 6.0, FULL, REST),
    )),
    # 5.5 s in, 5.5 s out: about 5.5 breaths a minute.
    "resonance": _simple("resonance", "Resonance (5.5 a minute)", 5.5, 0, 5.5, 0),
    "box": _simple("box", "Box 4-4-4-4", 4, 4, 4, 4),
    "4-7-8": _simple("4-7-8", "4-7-8", 4, 7, 8, 0),
}


def custom_pattern(inhale: float, hold_in: float, exhale: float, hold_out: float) -> Pattern:
    return _simple("custom", "Custom", inhale, hold_in, exhale, hold_out)


def pattern_named(name: str, settings: dict | None = None) -> Pattern:
    """A pattern by its settings name; custom takes its timings from settings."""
    if name == "custom":
        s = settings or {}
        return custom_pattern(
            s.get("custom_inhale", 4.0), s.get("custom_hold_in", 0.0),
            s.get("custom_exhale", 6.0), s.get("custom_hold_out", 0.0),
        )
    try:
        return PATTERNS[name]
    except KeyError:
        raise ValueError(f"There is no breathing pattern called {name!r}; try one of: "
                         f"{', '.join([*PATTERNS, 'custom'])}.") from None


@dataclass(frozen=True)
class BreathPoint:
    phase: Phase
    phase_index: int
    cycle: int
    size: float  # 0..1
    phase_left: float  # seconds until the next change
    phase_progress: float  # 0..1 through this phase


def breath_at(pattern: Pattern, elapsed: float) -> BreathPoint:
    elapsed = max(0.0, elapsed)
    cycle, into = divmod(elapsed, pattern.cycle_seconds)
    for index, phase in enumerate(pattern.phases):
        if into < phase.seconds or index == len(pattern.phases) - 1:
            progress = min(1.0, into / phase.seconds)
            # Ease in and out, as lungs do: slow at the turns, faster mid-breath.
            eased = (1 - math.cos(math.pi * progress)) / 2
            size = phase.size_from + (phase.size_to - phase.size_from) * eased
            return BreathPoint(phase, index, int(cycle), size, max(0.0, phase.seconds - into), progress)
        into -= phase.seconds
    raise AssertionError("unreachable")


def phase_changed(pattern: Pattern, before: float, after: float) -> bool:
    """Did a phase boundary fall between two moments? (For the sound cue.)"""
    a, b = breath_at(pattern, before), breath_at(pattern, after)
    return (a.cycle, a.phase_index) != (b.cycle, b.phase_index)


def countdown_text(seconds_left: float) -> str:
    whole = max(0, math.ceil(seconds_left))
    return f"{whole // 60}:{whole % 60:02d}"
