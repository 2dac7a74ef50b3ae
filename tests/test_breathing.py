import pytest

from companion.core.breathing import (
    PATTERNS,
    breath_at,
    countdown_text,
    custom_pattern,
    pattern_named,
    phase_changed,
)


def words(pattern, times):
    return [breath_at(pattern, t).phase.words for t in times]


def test_cyclic_sigh_is_two_inhales_then_a_long_exhale():
    sigh = PATTERNS["cyclic_sigh"]
    kinds = [p.kind for p in sigh.phases]
    assert kinds == ["in", "top_up", "out"]
    inhale = sum(p.seconds for p in sigh.phases if p.kind != "out")
    exhale = sum(p.seconds for p in sigh.phases if p.kind == "out")
    assert exhale == pytest.approx(2 * inhale)
    assert words(sigh, [0.5, 2.5, 4.0, 9.5]) == [
        "Breathe in", "A little more in", "Breathe out slowly", "Breathe in"]


def test_shape_grows_on_the_in_breath_and_shrinks_on_the_out_breath():
    sigh = PATTERNS["cyclic_sigh"]
    sizes = [breath_at(sigh, t / 10).size for t in range(0, 91)]
    peak = sizes.index(max(sizes))
    assert sizes[0] == pytest.approx(0.0)
    assert max(sizes) == pytest.approx(1.0)
    assert all(a <= b + 1e-9 for a, b in zip(sizes[:peak], sizes[1:peak + 1]))
    assert all(a >= b - 1e-9 for a, b in zip(sizes[peak:], sizes[peak + 1:]))


def test_resonance_is_about_five_and_a_half_breaths_a_minute():
    assert PATTERNS["resonance"].breaths_per_minute == pytest.approx(5.45, abs=0.1)


@pytest.mark.parametrize("name, seconds", [("box", [4, 4, 4, 4]), ("4-7-8", [4, 7, 8])])
def test_named_patterns_have_their_counts(name, seconds):
    assert [p.seconds for p in PATTERNS[name].phases] == seconds


def test_box_holds_keep_the_size():
    box = PATTERNS["box"]
    assert breath_at(box, 5).size == pytest.approx(1.0) and breath_at(box, 5).phase.words == "Hold"
    assert breath_at(box, 13).size == pytest.approx(0.0)


def test_custom_pattern_comes_from_settings_and_skips_zero_holds():
    custom = pattern_named("custom", {"custom_inhale": 3.0, "custom_hold_in": 0.0,
                                      "custom_exhale": 5.0, "custom_hold_out": 2.0})
    assert [(p.kind, p.seconds) for p in custom.phases] == [("in", 3.0), ("out", 5.0), ("hold", 2.0)]


def test_unknown_pattern_names_the_ones_that_exist():
    with pytest.raises(ValueError, match="resonance"):
        pattern_named("square")


def test_phase_left_and_changes():
    box = custom_pattern(4, 4, 4, 4)
    assert breath_at(box, 1.5).phase_left == pytest.approx(2.5)
    assert phase_changed(box, 3.9, 4.1)
    assert not phase_changed(box, 4.1, 7.9)
    assert breath_at(box, 20).cycle == 1


def test_countdown_text_rounds_up():
    assert [countdown_text(s) for s in (60, 59.2, 0.1, 0, -3, 90)] == ["1:00", "1:00", "0:01", "0:00", "0:00", "1:30"]
