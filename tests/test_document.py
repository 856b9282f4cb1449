"""Article segmentation and offsets."""

from auditor.document import Article, split_paragraphs, split_sentences


def test_paragraphs_are_blank_line_separated_and_stripped():
    text = "Title\n\nFirst para line one\nline two.\n \nSecond."
    spans = split_paragraphs(text)
    assert [text[s.start:s.end] for s in spans] == ["Title", "First para line one\nline two.", "Second."]


def test_sentences_skip_abbreviations_and_initials():
    text = "Mr. Smith met J. Doe in the U.S. on Monday. They spoke. “Fine,” he said! Then 3.5 per cent rose."
    got = [text[s.start:s.end] for s in split_sentences(text, 0, len(text))]
    assert got == [
        "Mr. Smith met J. Doe in the U.S. on Monday.",
        "They spoke.",
        "“Fine,” he said!",
        "Then 3.5 per cent rose.",
    ]


def test_line_col_is_one_based_code_points():
    art = Article(text="ab\ncdé\nfgh")
    assert art.line_col(0) == (1, 1)
    assert art.line_col(3) == (2, 1)
    assert art.line_col(5) == (2, 3)  # 'é' is one code point
    assert art.line_col(7) == (3, 1)
    assert art.line_at(4).start == 3 and art.line_at(4).end == 6


def test_line_offset_shifts_lines_for_embedded_articles():
    art = Article(text="x\ny", line_offset=10)
    assert art.line_col(2) == (12, 1)


def test_word_count():
    assert Article(text="one two\nthree  four").word_count == 4
