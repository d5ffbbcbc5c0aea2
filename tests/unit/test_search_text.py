"""The one rule for free text typed into a search box, and its web-search normaliser."""

import pytest

from edu_core.domain.search_text import (
    MAX_QUERY,
    MAX_TERMS,
    InvalidSearchQuery,
    clean_query,
    websearch_text,
)


def test_operator_runs_collapse_to_nothing_or_one_operator_per_term() -> None:
    assert websearch_text("-" * 40) == ""
    assert websearch_text("- " * 40) == ""
    assert websearch_text("a " + "-" * 40 + "b") == "a -b"
    assert websearch_text("or or a or or or b or") == "a or b"
    assert websearch_text("a or- or- b") == "a b"


def test_meaningful_syntax_survives() -> None:
    assert websearch_text('kinetic -potential "work done" or energy') == (
        'kinetic -potential "work done" or energy')
    assert websearch_text('e-mail -"dead end"') == 'e-mail -"dead end"'
    assert websearch_text('"unfinished phrase') == '"unfinished phrase"'
    assert websearch_text("Énergie cinétique 能量") == "Énergie cinétique 能量"


def test_the_number_of_terms_is_capped() -> None:
    words = websearch_text(" ".join(f"w{i}" for i in range(100))).split()
    assert words == [f"w{i}" for i in range(MAX_TERMS)]
    phrase = websearch_text('"' + " ".join(["x"] * 100) + '" after')
    assert phrase.count("x") == MAX_TERMS and "after" not in phrase


def test_clean_query_refuses_control_characters_and_undecodable_text() -> None:
    assert clean_query("  kinetic \t energy ") == "kinetic energy"
    for bad in ("bell\x07", "x" * (MAX_QUERY + 1), "caf\ufffd", "\ud800"):
        with pytest.raises(InvalidSearchQuery) as caught:
            clean_query(bad)
        assert caught.value.details == {"fields": {"q": InvalidSearchQuery.default_message}}
