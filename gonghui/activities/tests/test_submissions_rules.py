"""Rules of submissions (pure): an entry's lengths, the activities that take entries, one
entry per member per title per activity, the review's reason and prize."""

from hypothesis import given
from hypothesis import strategies as st

from gonghui.activities.rules import submissions as rules

words = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)


@given(title=words, book=words, text=st.text(min_size=0, max_size=rules.TEXT_MAX + 50))
def test_an_entry_is_refused_exactly_when_a_length_is_wrong(title, book, text):
    problems = dict(rules.entry_problems(title, book, text))
    clean_title = rules.clean_text(title)
    assert ("title" in problems) == (not clean_title or len(clean_title) > rules.TITLE_MAX)
    assert ("book" in problems) == (len(rules.clean_text(book)) > rules.BOOK_MAX)
    body = text.strip()
    assert ("text" in problems) == (not rules.TEXT_MIN <= len(body) <= rules.TEXT_MAX)
    assert all(message.endswith("。") for message in problems.values())


def test_the_messages_say_how_long_it_is():
    problems = dict(rules.entry_problems("书评", "", "太短"))
    assert problems == {"text": f"正文至少{rules.TEXT_MIN}个字（现有2个字）。"}
    assert "题目" in dict(rules.entry_problems("  ", "", "一" * 20))["title"]


@given(
    kind=st.sampled_from(["reading", "culture", "sports", "mixer", "exercise"]),
    state=st.sampled_from(["draft", "open", "closed", "finished", "cancelled"]),
)
def test_only_an_open_reading_or_culture_activity_takes_entries(kind, state):
    refused = rules.activity_problems(kind, state, "某状态")
    assert (not refused) == (kind in ("reading", "culture") and state == "open")
    if refused and kind in ("reading", "culture"):
        assert "（当前某状态）" in refused[0][1]


@given(
    title=st.text(min_size=1, max_size=30).filter(lambda t: rules.clean_text(t)),
    taken=st.lists(st.text(max_size=30), max_size=5),
    pad=st.sampled_from(["", " ", "  ", "\t"]),
)
def test_a_title_is_a_duplicate_when_one_taken_reads_the_same(title, taken, pad):
    clean_taken = {rules.clean_text(t) for t in taken}
    problems = rules.duplicate_problems(pad + title + pad, taken)
    assert bool(problems) == (rules.clean_text(title) in clean_taken)
    # the same title sent again, with other spacing, is always refused
    again = rules.duplicate_problems(title, [*taken, f" {title} "])
    assert again and again[0][0] == "title" and "只能投一次" in again[0][1]


@given(sent=st.integers(min_value=0, max_value=50))
def test_a_member_sends_a_bounded_number_a_day(sent):
    assert bool(rules.daily_problems(sent)) == (sent >= rules.PER_MEMBER_PER_DAY)


@given(reason=st.text(max_size=rules.REASON_MAX + 20))
def test_a_rejection_needs_a_reason_within_its_length(reason):
    cleaned = rules.clean_text(reason)
    refused = rules.reject_problems(reason)
    assert bool(refused) == (not cleaned or len(cleaned) > rules.REASON_MAX)


@given(prize=st.text(max_size=rules.PRIZE_MAX + 20))
def test_a_prize_is_named_and_short(prize):
    cleaned = rules.clean_text(prize)
    assert bool(rules.prize_problems(prize)) == (not cleaned or len(cleaned) > rules.PRIZE_MAX)
