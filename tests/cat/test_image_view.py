"""ImageView: half blocks in the right colours, the right size, shrunk by block averages."""

from __future__ import annotations

import numpy as np
import pytest
from rich.color import Color
from textual.app import App, ComposeResult

from dnnstep.app.widgets.image_view import (
    UPPER_HALF,
    ImageView,
    as_rgb8,
    fit_size,
    half_block_strips,
    resample,
)


def cells(strip):
    """Each cell of a Strip as (character, foreground RGB or None, background RGB or None)."""
    out = []
    for segment in strip:
        style = segment.style
        fg = style.color.get_truecolor() if style and style.color else None
        bg = style.bgcolor.get_truecolor() if style and style.bgcolor else None
        for character in segment.text:
            out.append((character, tuple(fg) if fg else None, tuple(bg) if bg else None))
    return out


RED, GREEN, BLUE, WHITE, BLACK = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255), (0, 0, 0)

#: a 3x2 picture: rows (red, green), (blue, white), (black, red)
PICTURE = np.array([[RED, GREEN], [BLUE, WHITE], [BLACK, RED]], dtype=np.uint8)


def test_upper_pixel_is_the_foreground_lower_the_background():
    strips = half_block_strips(PICTURE)
    assert len(strips) == 2
    assert cells(strips[0]) == [(UPPER_HALF, RED, BLUE), (UPPER_HALF, GREEN, WHITE)]
    # an odd last row: the lower half keeps the widget's background (no bgcolor)
    assert cells(strips[1]) == [(UPPER_HALF, BLACK, None), (UPPER_HALF, RED, None)]
    assert all(strip.cell_length == 2 for strip in strips)


def test_colours_are_truecolor():
    strips = half_block_strips(PICTURE)
    style = next(iter(strips[0])).style
    assert style.color == Color.from_rgb(*RED) and style.bgcolor == Color.from_rgb(*BLUE)
    assert style.color.is_system_defined is False and style.color.triplet == RED


def test_runs_of_one_colour_pair_share_a_segment_and_keep_every_cell():
    image = np.zeros((2, 5, 3), dtype=np.uint8)
    image[:, 3:] = 200
    strip = half_block_strips(image)[0]
    assert len(list(strip)) == 2
    assert [c[1] for c in cells(strip)] == [BLACK] * 3 + [(200, 200, 200)] * 2
    assert strip.cell_length == 5


def test_floats_in_0_1_become_bytes():
    image = np.array([[[0.0, 0.5, 1.0], [2.0, -1.0, np.nan]]])
    np.testing.assert_array_equal(as_rgb8(image), [[[0, 128, 255], [255, 0, 0]]])
    grey = as_rgb8(np.array([[0.0, 1.0]]))
    np.testing.assert_array_equal(grey, [[[0, 0, 0], [255, 255, 255]]])
    with pytest.raises(ValueError, match=r"must be \(H, W, 3\) or \(H, W\), got shape \(2, 2, 4\)"):
        as_rgb8(np.zeros((2, 2, 4)))


def test_fit_size():
    assert fit_size(64, 64, 64, 64) == (64, 64)          # 64x64 -> 64 columns x 32 rows
    assert fit_size(64, 64, 200, 64) == (64, 64)
    assert fit_size(64, 64, 32, 64) == (32, 32)          # shrinks to the width
    assert fit_size(64, 64, 100, 20) == (20, 20)         # or to the height
    assert fit_size(8, 8, 80, 40) == (40, 40)            # small pictures grow by whole factors
    assert fit_size(8, 8, 0, 40) == (0, 0)


def test_shrinking_averages_blocks():
    rng = np.random.RandomState(0)
    image = rng.randint(0, 256, size=(64, 64, 3)).astype(np.uint8)
    small = resample(image, 32, 32)
    expected = np.rint(image.astype(float).reshape(32, 2, 32, 2, 3).mean(axis=(1, 3)))
    np.testing.assert_array_equal(small, expected)
    # uneven blocks: 5 rows -> 2: rows [0, 1] and [2, 3, 4]
    column = np.arange(5, dtype=np.uint8).reshape(5, 1, 1).repeat(3, axis=2) * 10
    np.testing.assert_array_equal(resample(column, 2, 1)[:, 0, 0], [5, 30])


def test_growing_repeats_pixels():
    big = resample(PICTURE, 6, 4)
    np.testing.assert_array_equal(big[0:2, 0:2], np.broadcast_to(RED, (2, 2, 3)))
    np.testing.assert_array_equal(big[4:6, 2:4], np.broadcast_to(RED, (2, 2, 3)))


class Host(App):
    def __init__(self, image) -> None:
        super().__init__()
        self.image = image

    def compose(self) -> ComposeResult:
        yield ImageView(self.image)


async def test_a_64x64_picture_fills_64_columns_and_32_rows():
    image = np.zeros((64, 64, 3))
    image[:32] = (1.0, 0.0, 0.0)     # upper half red
    image[32:, :, 2] = 1.0           # lower half blue
    async with Host(image).run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        view = pilot.app.query_one(ImageView)
        assert view.shown_size == (64, 64)
        rows = [cells(view.render_line(y)) for y in range(view.size.height)]
        drawn = [[c for c in row if c[0] == UPPER_HALF] for row in rows]
        drawn = [row for row in drawn if row]
        assert len(drawn) == 32 and all(len(row) == 64 for row in drawn)
        assert all(c[1:] == (RED, RED) for c in drawn[0])
        assert all(c[1:] == (BLUE, BLUE) for c in drawn[-1])
        # centred: (80 - 64) / 2 blank columns before the picture
        first = next(row for row in rows if any(c[0] == UPPER_HALF for c in row))
        assert [c[0] for c in first[:8]] == [" "] * 8 and first[8][0] == UPPER_HALF


async def test_a_smaller_widget_shrinks_the_picture_and_none_shows_nothing():
    image = np.random.RandomState(1).rand(64, 64, 3)
    async with Host(image).run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        view = pilot.app.query_one(ImageView)
        assert view.shown_size == (24, 24)
        expected = resample(as_rgb8(image), 24, 24)
        drawn = [[c for c in cells(view.render_line(y)) if c[0] == UPPER_HALF] for y in range(12)]
        assert [c[1] for c in drawn[0]] == [tuple(p) for p in expected[0]]
        assert [c[2] for c in drawn[0]] == [tuple(p) for p in expected[1]]
        view.image = None
        await pilot.pause()
        assert all(UPPER_HALF not in view.render_line(y).text for y in range(12))
        assert view.shown_size == (0, 0)


async def test_an_odd_last_row_shows_the_widgets_background_below():
    image = np.ones((3, 2, 3))
    async with Host(image).run_test(size=(7, 6)) as pilot:
        await pilot.pause()
        view = pilot.app.query_one(ImageView)
        assert view.shown_size == (9, 6)  # grown 3 times: 9 pixel rows, the 5th cell row half empty
        background = view.rich_style.bgcolor.get_truecolor()
        drawn = [[c for c in cells(view.render_line(y)) if c[0] == UPPER_HALF] for y in range(6)]
        drawn = [row for row in drawn if row]
        assert len(drawn) == 5
        assert all(c[1:] == (WHITE, WHITE) for c in drawn[0])
        assert all(c[1:] == (WHITE, tuple(background)) for c in drawn[-1])


class AutoHost(App):
    CSS = "ImageView { width: auto; height: auto; }"

    def compose(self) -> ComposeResult:
        yield ImageView(np.zeros((4, 6, 3)))


async def test_auto_size_follows_the_picture():
    async with AutoHost().run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        view = pilot.app.query_one(ImageView)
        assert (view.size.width, view.size.height) == (6 * 6, 4 * 6 // 2)  # grown 6 times to fit 40 columns
        view.image = np.zeros((2, 2, 3))
        await pilot.pause()
        assert (view.size.width, view.size.height) == (2 * 20, 2 * 20 // 2)
