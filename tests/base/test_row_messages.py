"""Per-row messages (boilerlab.base.row_messages): the texts equal those of a plain per-row loop — fixed messages in
the order first added, then each row's own texts in the order of their calls — for any mix of calls, and a part of
the messages is the messages of that part."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerlab.base.row_messages import RowMessages

SIZE = 12
WORDS = ("甲", "乙", "丙", "值 1", "值 2")


@st.composite
def calls(draw):
    """A sequence of add (a mask and a fixed message) and add_each (a mask and one text per marked row) calls."""
    made = []
    for _ in range(draw(st.integers(0, 6))):
        mask = np.array(draw(st.lists(st.booleans(), min_size=SIZE, max_size=SIZE)))
        if draw(st.booleans()):
            made.append(("add", mask, draw(st.sampled_from(WORDS))))
        else:
            made.append(("each", mask, [draw(st.sampled_from(WORDS)) for _ in range(int(mask.sum()))]))
    return made


def _plain(made) -> list[str]:
    """The same texts by a loop over rows: the reference the vectorised class must equal."""
    fixed = []
    for kind, mask, message in made:
        if kind == "add" and mask.any() and message not in fixed:
            fixed.append(message)
    out = []
    for row in range(SIZE):
        parts = [m for m in fixed if any(k == "add" and mask[row] and msg == m for k, mask, msg in made)]
        for kind, mask, texts in made:
            if kind == "each" and mask[row]:
                parts.append(texts[int(mask[:row].sum())])
        out.append("; ".join(parts))
    return out


@settings(max_examples=300, deadline=None)
@given(calls(), st.integers(0, SIZE), st.integers(0, SIZE))
def test_the_texts_equal_a_plain_loop_and_a_part_equals_its_rows(made, start, stop):
    messages = RowMessages(SIZE)
    for kind, mask, payload in made:
        (messages.add if kind == "add" else messages.add_each)(mask, payload)
    expected = _plain(made)
    assert list(messages.text()) == expected
    assert messages.any().tolist() == [text != "" for text in expected]
    start, stop = min(start, stop), max(start, stop)
    assert list(messages.part(start, stop).text()) == expected[start:stop]
    copied = messages.copy()
    copied.add(np.ones(SIZE, bool), "追加")
    assert list(messages.text()) == expected  # the copy is independent


def test_a_text_repeated_on_every_row_is_one_category():
    messages = RowMessages(100_000)
    messages.add_each(np.ones(100_000, bool), np.array(["等级表中无匹配行"] * 100_000, dtype=object))
    text = messages.text()
    assert list(text.categories) == ["等级表中无匹配行"] and (text.codes == 0).all()
