"""Writing files: "a failed write leaves the previous file as it was, and nothing behind"."""

import pytest

from safeguarding_plan._io import AtomicFiles, same_file, write_atomic


def test_files_written_together_are_all_or_nothing(tmp_path):
    """An error inside the block leaves neither file, nor the folder made for them."""

    def write_both_then_fail():
        with AtomicFiles() as files:
            folder = files.mkdir(tmp_path / "new" / "charts")
            files.write(folder / "a.svg", b"<svg/>")
            files.write(tmp_path / "report.md", "# Report\n")
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        write_both_then_fail()

    assert [] == list(tmp_path.iterdir())


def test_a_file_that_cannot_be_put_in_place_names_itself(tmp_path):
    """If the final rename fails, the error names the file asked for; no temporary is left."""
    (tmp_path / "report.md").mkdir()

    with pytest.raises(OSError, match=r"report\.md") as info:
        write_atomic(tmp_path / "report.md", "text")

    assert str(tmp_path / "report.md") == info.value.filename
    assert ["report.md"] == [p.name for p in tmp_path.iterdir()]


def test_text_is_written_as_utf8_exactly(tmp_path):
    """Text is written as UTF-8, line endings and all, never translated."""
    path = write_atomic(tmp_path / "r.md", "caf\u00e9\r\n\U0001f600\n")

    assert "caf\u00e9\r\n\U0001f600\n".encode() == path.read_bytes()


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("x", "x", True), ("x", "d/../x", True), ("x", "y", False), ("loop", "loop", True)],
)
def test_same_file(tmp_path, a, b, same):
    """Two spellings of one path, or a path and itself, name the same file."""
    (tmp_path / "d").mkdir()
    (tmp_path / "loop").symlink_to(tmp_path / "loop")

    assert same == same_file(tmp_path / a, tmp_path / b)
