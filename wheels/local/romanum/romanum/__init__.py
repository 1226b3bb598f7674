"""Roman numerals (1..3999) both ways; pure Python, so one py3-none-any wheel serves every platform."""

_VALUES = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)

__all__ = ["to_roman", "from_roman"]


def to_roman(number: int) -> str:
    """The canonical numeral of 1 <= number <= 3999."""
    if not isinstance(number, int) or not 1 <= number <= 3999:
        raise ValueError(f"to_roman() takes an integer 1..3999, got {number!r}")
    digits = []
    for value, letters in _VALUES:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def from_roman(numeral: str) -> int:
    """The value of a canonical numeral; non-canonical spellings such as IIII are rejected."""
    text = numeral.upper()
    total, position = 0, 0
    for value, letters in _VALUES:
        while text.startswith(letters, position):
            total += value
            position += len(letters)
    if position != len(text) or not text or to_roman(total) != text:
        raise ValueError(f"from_roman() takes a canonical Roman numeral, got {numeral!r}")
    return total
