"""A VIN read from the recogniser's per-step character probabilities, not from its best string.

Greedy decoding takes the likeliest character at every step and merges repeats, so "888" with no
blank seen between the eights comes out "88", and a smudged character becomes whatever shape it
resembles, I and O included. Here the likeliest 17 characters that make a VIN are found in the
whole matrix (Viterbi over the CTC paths): characters of the VIN alphabet (no I, O, Q), the last
four digits (ISO 3779), and — where the maker uses one (WMI 1-5, L) — a check digit that holds.
The steps before and after the VIN (labels, other words) are free: they read whatever is likeliest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from bot.vision.codes import DIGIT_LOOKALIKES, closest_known, hamming
from catalogs.vin import CHECK_VALUES, CHECK_WEIGHTS, check_digit_ok, frame_car

VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_LETTERS = len(VIN_ALPHABET) - 10  # the digits come last
_LENGTH = 17
_NEG = -1e9
# back-pointers of a character state
_STAY, _FROM_PRE, _FROM_GAP, _FROM_CHAR = 0, 1, 2, 3


@dataclass(frozen=True)
class Decoded:
    vin: str
    cost: float  # nats below the unconstrained best path: 0 when greedy decoding read this VIN
    first: int  # the steps the VIN spans
    last: int


class Grammar:
    """Positions over a recogniser's character columns: which characters each may be."""

    def __init__(self, characters: list[str], length: int = _LENGTH, *, digits_only: bool = False) -> None:
        column = {ch: i for i, ch in enumerate(characters)}
        self.columns = np.asarray([column.get(ch, 0) for ch in VIN_ALPHABET])
        self.length = length
        mask = np.zeros((length, len(VIN_ALPHABET)))
        mask[:, [ch not in column for ch in VIN_ALPHABET]] = _NEG  # a recogniser without it never reads it
        mask[0 if digits_only else length - 4 :, :_LETTERS] = _NEG  # a VIN's last four are digits
        self.mask = mask
        values = np.asarray([CHECK_VALUES[ch] for ch in VIN_ALPHABET])
        shift = (np.asarray(CHECK_WEIGHTS)[:, None] * values[None, :]) % 11 if length == _LENGTH else np.zeros_like(mask)
        if length == _LENGTH:
            shift[8] = (-values) % 11  # the check digit: the weighted sum of the others minus it is 0 (mod 11)
        self.check_mask = mask.copy()
        self.check_mask[min(8, length - 1), :_LETTERS] = _NEG  # only digits there (X, for 10, is left out)
        self.shift = shift.astype(np.int64)

    def decode(self, logp: np.ndarray, gaps: np.ndarray, tail: np.ndarray, *, check_digit: bool = False) -> Decoded | None:
        """The best VIN in `logp` (steps x columns, log-probabilities) that ends where the steps
        after it read no letter or digit. `gaps`: each step's best blank or separator (what may come
        between a VIN's characters), `tail`: its best column that is no letter or digit."""
        sums = 11 if check_digit else 1
        mask = self.check_mask if check_digit else self.mask
        shift = self.shift % sums
        steps, n = logp.shape[0], len(VIN_ALPHABET)
        if steps < self.length:
            return None
        before = np.arange(self.length - 1)[:, None, None]  # position k-1 for k = 1..
        best = logp.max(axis=1)  # the free steps read anything
        chars = logp[:, self.columns]
        blank = gaps
        on = np.full((self.length, n, sums), _NEG)
        gap = np.full((self.length, sums), _NEG)
        pre, post = 0.0, _NEG
        on_from = np.zeros((steps, self.length, n, sums), dtype=np.int8)
        on_char = np.zeros((steps, self.length, n, sums), dtype=np.int8)
        gap_from = np.zeros((steps, self.length, sums), dtype=np.int8)  # 0 stay, 1 from a character (gap_char)
        gap_char = np.zeros((steps, self.length, sums), dtype=np.int8)
        post_from = np.zeros(steps, dtype=np.int8)  # 0 stay, 1 from the last character, 2 from its blank
        post_char = np.zeros(steps, dtype=np.int8)
        sum_index = (np.arange(sums)[None, None, :] - shift[:, :, None]) % sums  # (17, n, sums): where s came from
        entry = np.where(np.arange(sums)[None, :] == shift[0][:, None], 0.0, _NEG)  # (n, sums)
        chars_idx = np.arange(n)[:, None]
        for t in range(steps):
            # arrivals at each position from the one before: via its blank, or from another character
            arrive = np.full((self.length, n, sums), _NEG)
            code = np.full((self.length, n, sums), _FROM_PRE, dtype=np.int8)
            source = np.zeros((self.length, n, sums), dtype=np.int8)
            arrive[0] = pre + entry
            order = np.argsort(on, axis=1)  # (17, n, sums)
            top_at, second_at = order[:, -1, :], order[:, -2, :]
            top = np.take_along_axis(on, top_at[:, None, :], axis=1)[:, 0, :]
            second = np.take_along_axis(on, second_at[:, None, :], axis=1)[:, 0, :]
            index = sum_index[1:]  # (16, n, sums)
            from_gap = gap[before, index]
            same = top_at[before, index] == chars_idx[None, :, :]
            from_char = np.where(same, second[before, index], top[before, index])
            source[1:] = np.where(same, second_at[before, index], top_at[before, index])
            use_gap = from_gap >= from_char
            arrive[1:] = np.where(use_gap, from_gap, from_char)
            code[1:] = np.where(use_gap, _FROM_GAP, _FROM_CHAR)
            stay = on >= arrive
            new_on = np.where(stay, on, arrive) + chars[t][None, :, None] + mask[:, :, None]
            on_from[t] = np.where(stay, _STAY, code)
            on_char[t] = source
            gap_stay = gap >= top
            new_gap = np.where(gap_stay, gap, top) + blank[t]
            gap_from[t] = np.where(gap_stay, 0, 1)
            gap_char[t] = top_at
            last_on, last_gap = float(top[-1, 0]), float(gap[-1, 0])
            options = (post, last_on, last_gap)
            choice = int(np.argmax(options))
            post = options[choice] + tail[t]
            post_from[t], post_char[t] = choice, int(top_at[-1, 0])
            on, gap = new_on, new_gap
            pre = pre + best[t]
        ends = (post, float(on[-1, :, 0].max()), float(gap[-1, 0]))
        end = int(np.argmax(ends))
        if ends[end] <= _NEG / 2:
            return None
        # walk back
        t = steps - 1
        state = ("post", "on", "gap")[end]
        k, s, c = self.length - 1, 0, int(on[-1, :, 0].argmax())
        while state == "post":
            came = post_from[t]
            t -= 1
            if came == 1:
                state, c = "on", int(post_char[t + 1])
            elif came == 2:
                state = "gap"
        last = t
        picked: dict[int, int] = {}
        while t >= 0:
            if state == "gap":
                came = gap_from[t, k, s]
                if came == 1:
                    c = int(gap_char[t, k, s])
                    state = "on"
                t -= 1
                continue
            picked[k] = c
            came = on_from[t, k, c, s]
            prev_s = int((s - shift[k, c]) % sums)
            if came == _STAY:
                t -= 1
                continue
            if came == _FROM_PRE:
                break
            if came == _FROM_GAP:
                k, s, state = k - 1, prev_s, "gap"
            else:
                k, s, c = k - 1, prev_s, int(on_char[t, k, c, s])
            t -= 1
        first = max(t, 0)
        vin = "".join(VIN_ALPHABET[picked[i]] for i in range(self.length)) if len(picked) == self.length else ""
        return Decoded(vin, float(best.sum()) - ends[end], first, last) if vin else None


_MAX_COST = 4.0  # nats: a VIN path this much less likely than the greedy reading is not taken
_CHECK_COST = 3.0  # nats more for the check digit to hold
_MIN_ZONE, _MAX_ZONE = 16, 20  # letters and digits in a run of capitals that may hold a VIN (and a label)
_FRAME_LIKE = re.compile(r"(?:^|[^A-Z0-9])[A-Z]{1,4}[0-9]{1,3}[A-Z]{0,2}[- .][0-9]{5,7}$")
_WORDS = re.compile(r"FRAME|CHASSIS|COLOR|MODEL|TRIM|ENGINE|TOYOTA|NISSAN|HONDA|HYUNDAI|MOTOR")


def reread_vins(
    text: str, steps: np.ndarray, logp: np.ndarray, alnum: np.ndarray, gap_columns: np.ndarray, grammar: Grammar
) -> str:
    """`text` (greedy decoding; `steps`: the step each of its characters was read at) with every run
    of capitals long enough to hold a VIN read again as the likeliest VIN the matrix allows."""
    for start, end in reversed(_zones(text)):
        window_end = int(steps[end + 1]) if end + 1 < len(text) else logp.shape[0]
        kept = [i for i in range(start, end + 1) if text[i].isalnum()]
        window_start = max(0, int(steps[kept[max(0, len(kept) - 20)]]) - 1)
        window = logp[window_start:window_end]
        gaps, tail = window[:, gap_columns].max(axis=1), window[:, ~alnum].max(axis=1)
        found = grammar.decode(window, gaps, tail)
        if found is None:
            continue
        if check_digit_ok(found.vin) is False:
            checked = grammar.decode(window, gaps, tail, check_digit=True)
            if checked is not None and checked.cost - found.cost <= _CHECK_COST:
                found = checked
        zone = "".join(text[i] for i in kept).upper().translate(_LOOKALIKE)
        if found.cost > _MAX_COST or not _small_change(found.vin, zone) or _letter_made_digit(found, zone):
            continue
        head = sum(1 for i in range(len(text)) if steps[i] < window_start + found.first)
        text = " ".join(part for part in (text[:head].rstrip(), found.vin) if part) + text[end + 1 :]
    return text


_LOOKALIKE = str.maketrans("OQI", "001")


def _zones(text: str) -> list[tuple[int, int]]:
    """Runs of capitals and digits (groups joined by single separators) that may be a VIN, perhaps
    with a label glued before it: (first, last) character indexes."""
    zones, start, count, lower = [], None, 0, 0
    for i, ch in enumerate(text + "|"):
        joined = ch in " -." and start is not None and i + 1 < len(text) and text[i + 1].isalnum()
        if ch.isalnum() and ch.isascii():
            start = i if start is None else start
            count += 1
            lower += ch.islower()
        elif not joined:
            if start is not None and _MIN_ZONE <= count <= _MAX_ZONE and lower <= 1 and _vin_like(text[start:i]):
                zones.append((start, i - 1))
            start, count, lower = None, 0, 0
    return zones


def _vin_like(zone: str) -> bool:
    """Not a frame number, nor a plate's other words ("COLOR 040 TRIM FB20"), nor a name."""
    upper = zone.upper()
    digits = sum(ch.isdigit() for ch in upper)
    return digits >= 4 and _FRAME_LIKE.search(upper) is None and _WORDS.search(upper) is None


def _small_change(found: str, zone: str, length: int = _LENGTH) -> bool:
    """`found` is what greedy decoding read at the end of `zone` (a label may be glued before it)
    but for at most two characters, or one repeated character it merged and one other."""
    for tail in (zone[-length:], zone[-length + 1 :]):
        if len(tail) == length and hamming(found, tail) <= 2:
            return True
        if len(tail) == length - 1 and any(
            hamming(found[:i] + found[i + 1 :], tail) <= 1 and found[i] in (found[i - 1 : i] + found[i + 1 : i + 2])
            for i in range(length)
        ):
            return True
    return False


_FORCED_COST = 1.0  # nats: a digit the recogniser found this much less likely than the letter it saw


def _letter_made_digit(found: Decoded, zone: str) -> bool:
    """Greedy decoding saw a letter among the last four (a VIN's serial digits) and the grammar puts
    there the digit it resembles, which the recogniser found far less likely: the reading is left as
    read, so that `candidates` reads the same digit and knows the recogniser saw a letter (a digit
    forced there was used unasked, wrong, on the fourth tuning set: «37T33» as 37733). Where the
    grammar chose another digit than the look-alike (S as 8), its choice from the probabilities stands."""
    tail = zone[-4:]
    forced = [(ch, digit) for ch, digit in zip(tail, found.vin[-4:], strict=True) if ch.isalpha() and ch not in "OQI"]
    return (
        len(zone) >= _LENGTH
        and found.cost > _FORCED_COST
        and bool(forced)
        and all(ch.translate(DIGIT_LOOKALIKES) == digit for ch, digit in forced)
    )


# A frame number as greedy decoding may render it: model code, dash, serial with digits misread
_FRAME_ZONE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,4}[0-9]{1,3}[A-Z]{0,2})[-–. ]?([0-9SBOZIGDLT]{5,7})(?![A-Za-z0-9])")
_SEVEN_DIGIT_MAKERS = ("Toyota", "Lexus", "Honda")
_TO_DIGIT = str.maketrans("SBOZIGDLT", "580216011")


def reread_serials(
    text: str, steps: np.ndarray, logp: np.ndarray, alnum: np.ndarray, gap_columns: np.ndarray, grammar: Grammar
) -> str:
    """`text` with the serial of each frame number whose maker numbers them in seven digits read
    again as the likeliest seven digits ("SV30-574563" -> "SV30-5744563", a 4 greedy decoding merged)."""
    for match in reversed(list(_FRAME_ZONE.finditer(text))):
        code, serial = match.group(1), match.group(2)
        frame, _ = closest_known(f"{code}-{'0' * 7}")
        car = frame_car(frame) or ""
        if not car.startswith(_SEVEN_DIGIT_MAKERS) or (len(serial) == 7 and serial.isdigit()):
            continue
        start, end = match.start(2), match.end(2) - 1
        window_start = int(steps[start - 1]) + 1 if start > 0 else 0
        window_end = int(steps[end + 1]) if end + 1 < len(text) else logp.shape[0]
        window = logp[window_start:window_end]
        found = grammar.decode(window, window[:, gap_columns].max(axis=1), window[:, ~alnum].max(axis=1))
        digits = serial.translate(_TO_DIGIT)
        if found is None or found.cost > _MAX_COST or not _small_change(found.vin, digits, length=7):
            continue
        text = text[:start] + found.vin + text[end + 1 :]
    return text
