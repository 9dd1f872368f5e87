"""WCAG 2.2 AA checks of the widget on the demo page (accessibility.mjs): axe-core, reflow at 320px
and 400% zoom, focus indicators, input size, reduced motion, roles and names. Screenshots are
saved to test-artifacts/ (widget-1280.png, widget-320.png, widget-400-percent-zoom.png)."""
from __future__ import annotations

from typing import Any, Dict

import pytest

from tests.browser.helpers import ARTIFACTS, ok

pytestmark = [pytest.mark.servers, pytest.mark.browser]


@pytest.fixture(scope="module")
def a11y(browser) -> Dict[str, Any]:
    return ok(browser("accessibility.mjs"))


def _violations(violations: list) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
                     for v in violations)


@pytest.mark.parametrize("moment", ["axeClosed", "axeOpen", "axeConversation", "axePhone"])
def test_axe_finds_no_wcag_2_2_aa_violation(a11y: Dict[str, Any], moment: str) -> None:
    assert a11y[moment] == [], _violations(a11y[moment])


def test_the_dialog_has_a_heading_a_labelled_input_and_a_polite_log(a11y: Dict[str, Any]) -> None:
    dialog = a11y["dialog"]
    assert dialog["role"] == "dialog"
    assert (dialog["headingTag"], dialog["headingText"]) == ("H2", "Ask about SEN support")
    assert dialog["labelText"] == "Type your question" and dialog["labelVisible"] is True
    assert dialog["inputDescribedBy"] == "Please don't type names or personal details."
    assert (dialog["logRole"], dialog["logLive"]) == ("log", "polite")
    assert dialog["saidLabels"] == ["Assistant said: "]
    assert dialog["privacyLink"] == "https://www.example.org/exampleshire/privacy"
    assert dialog["quickExit"] == "https://www.bbc.co.uk/weather"
    assert a11y["launcherByRole"] == 1


def test_the_input_text_is_at_least_16px(a11y: Dict[str, Any]) -> None:
    assert a11y["dialog"]["inputFontSize"] >= 16


def test_focus_is_always_visible_with_enough_contrast(a11y: Dict[str, Any]) -> None:
    for style in a11y["launcherFocus"] + a11y["panelFocus"]:
        assert style["outlineStyle"] == "solid" and style["outlineWidth"] >= 2, style
        assert max(style["outlineContrastWithBackground"], style["ringContrastWithBackground"]) >= 3, style
        assert style["outlineContrastWithRing"] >= 3, style


@pytest.mark.parametrize("view", ["phoneLayout", "zoomLayout"])
def test_no_horizontal_scrolling_and_the_panel_fills_a_small_screen(a11y: Dict[str, Any], view: str) -> None:
    layout = a11y[view]
    width = layout["viewport"]["width"]
    assert width == 320
    assert layout["documentScrollWidth"] <= width
    assert layout["panelScrollWidth"] <= layout["panelClientWidth"]
    assert layout["logScrollWidth"] <= layout["logClientWidth"]
    assert layout["overflowing"] == []
    assert layout["panel"] == {"left": 0, "top": 0, "width": width, "height": layout["viewport"]["height"]}
    assert layout["ariaModal"] == "true", "full screen, the page behind is covered, so focus stays in"


def test_on_a_phone_tab_wraps_inside_the_full_screen_panel(a11y: Dict[str, Any]) -> None:
    assert "senchat-quick-exit" in a11y["phoneFocusWrapsTo"]
    assert a11y["phoneClosedScrollWidth"] <= 320


def test_at_400_percent_zoom_the_answer_and_the_input_can_be_reached(a11y: Dict[str, Any]) -> None:
    assert a11y["zoomAnswerVisible"] is True
    box = a11y["zoomInputVisible"]
    assert 0 <= box["top"] and box["bottom"] <= box["viewportHeight"] and box["width"] >= 150
    assert a11y["zoomPanelScrolls"] == "auto"


def test_on_a_desktop_the_panel_leaves_the_page_usable(a11y: Dict[str, Any]) -> None:
    layout = a11y["desktopLayout"]
    assert layout["ariaModal"] == "false"
    assert layout["panel"]["width"] < layout["viewport"]["width"] / 2
    assert layout["documentScrollWidth"] <= layout["viewport"]["width"]


def test_reduced_motion_stops_the_typing_animation(a11y: Dict[str, Any]) -> None:
    assert a11y["motion"] == {"no-preference": "senchat-blink", "reduce": "none"}


def test_screenshots_are_saved(a11y: Dict[str, Any]) -> None:
    for name in ("widget-320.png", "widget-1280.png", "widget-400-percent-zoom.png"):
        assert (ARTIFACTS / name).stat().st_size > 5_000, name


def test_nothing_went_wrong_in_the_page(a11y: Dict[str, Any]) -> None:
    assert a11y["problems"] == []
