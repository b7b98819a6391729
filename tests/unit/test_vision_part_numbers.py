"""Part numbers on a photographed label: what a label glues to them, and what is no part number."""

from __future__ import annotations

from bot.vision.part_numbers import label_part_numbers, maker_shaped, part_numbers


def page(*texts: str, score: float = 0.95) -> list[tuple[str, float]]:
    return [(text, score) for text in texts]


LABEL = ("QTY: 1", "MADE IN EU", "4607123456789")  # what makes a photo a part's label


def test_a_lot_number_is_no_part_number_glued_to_its_quantity_or_read_apart() -> None:
    assert part_numbers("QTY:1LOT56C724") == []
    assert part_numbers("QTY1L0T88H364") == []
    assert part_numbers("A1L0T14F690") == []
    assert part_numbers("QTY: 2 LOT47D602MADEINGERMANY") == []
    assert label_part_numbers(page("PART NO. 90915-YZZE1", "QTY:1LOT56C724", "56C724")) == ["90915-YZZE1"]


def test_short_aftermarket_articles_after_a_label_word_or_alone_on_a_label() -> None:
    assert part_numbers("AprKTB077", on_label=True) == ["KTB077"]
    assert part_numbers("PART NO. C-7826") == ["C-7826"]
    assert label_part_numbers(page("MASUMA", "C-7826", *LABEL)) == ["C-7826"]
    assert label_part_numbers(page("KYB", "KTB604", "OE: 90919-0M814", *LABEL)) == ["KTB604", "90919-0M814"]


def test_short_codes_elsewhere_are_not_part_numbers() -> None:
    assert part_numbers("C-7826") == []  # alone, but not on a part's label
    assert label_part_numbers(page("ENG. 1NZ   PLANT 3", "COLOR 040/FA20", "KTB077")) == []


def test_a_mercedes_number_with_the_label_word_glued_before_it() -> None:
    assert part_numbers("AptA1410954379", on_label=True) == ["A1410954379"]
    assert part_numbers("MERCEDES-BENZ A 141 095 43 79") == ["A 141 095 43 79"]


def test_label_words_glued_to_the_number_and_numbers_joined_by_a_slash() -> None:
    assert part_numbers("OE06164-LUY-Y01/15400-NWN-H46", on_label=True) == ["06164-LUY-Y01", "15400-NWN-H46"]
    assert part_numbers("OE:64438645928/11755308640", on_label=True) == ["64438645928", "11755308640"]
    assert part_numbers("OEM19200-BLC-H98") == ["19200-BLC-H98"]
    assert part_numbers("NoneTanw64464634411", on_label=True) == ["64464634411"]


def test_a_lada_number_is_no_barcode() -> None:
    assert part_numbers("OEM:21120-9814636,2190-2340711") == ["21120-9814636", "2190-2340711"]


def test_pieces_of_the_barcode_are_not_part_numbers() -> None:
    assert label_part_numbers(page("1118-6749575", "4679176994732", "46791769947")) == ["1118-6749575"]
    assert label_part_numbers(page("5902997921144", "590299792")) == []
    assert label_part_numbers(page("EAN 4607123456789")) == []


def test_a_reading_cut_short_or_with_a_character_glued_before_it_gives_way_to_the_whole_number() -> None:
    lines = page("80X325748J,5P4398285", "80X325748J,5P43982", "OE80X325748]P4398285")
    assert label_part_numbers(lines) == ["80X 325 748 J", "5P4 398 285"]
    assert label_part_numbers(page("21120-3078304", "A21120-3078304")) == ["21120-3078304"]
    assert label_part_numbers(page("7710213624", "710213624")) == ["7710213624"]


def test_of_two_readings_one_character_apart_the_one_read_more_often_stays() -> None:
    lines = [("9A0261903V", 1.0), ("9A0261903V", 1.0), ("90261903V", 0.65)]
    assert label_part_numbers(lines) == ["9A0 261 903 V"]


def test_plates_mileage_and_the_number_sign_are_not_part_numbers() -> None:
    assert part_numbers("y524KX77") == []  # a registration plate, its first letter glued to the label
    assert part_numbers("ПРОБЕГ 124000KM") == []
    assert part_numbers("7157No300796") == []  # a СТС's series and number, «№» between
    assert part_numbers("NO108056") == []


def test_makers_layouts() -> None:
    for number in ("0415295L28", "15400NWNH46", "1K0615301AA", "A1410954379", "13472418452", "8200768913", "GDB1550"):
        assert maker_shaped(number), number
    assert not maker_shaped("A211203078304")


def test_a_mercedes_number_read_with_its_label_word_is_no_frame() -> None:
    from bot.vision.ocr import TextLine
    from bot.vision.reader import _decide

    reading = _decide([TextLine(text, 0.95, "rapid") for text in ("MERCEDES-BENZ", "AptA1410954379", "QTY: 1")])
    assert (reading.frame, reading.part_numbers) == (None, ("A1410954379",))
    reading = _decide([TextLine(text, 0.95, "rapid") for text in ("FRAME NO. NZE121-0123456", "04152-YZZA1")])
    assert (reading.frame, reading.part_numbers) == ("NZE121-0123456", ("04152-YZZA1",))


def test_a_vag_number_whose_first_digit_was_read_as_a_letter() -> None:
    assert part_numbers("SK4964948A") == ["5K4 964 948 A"]
    assert part_numbers("JZW 698 151") == ["JZW 698 151"]


def test_a_slash_splits_numbers_only_on_a_label_and_a_dashed_barcode_is_none() -> None:
    assert part_numbers("3D7CG/AI20K175050") == []  # a misread VIN on a stamp
    assert part_numbers("19086-08500920") == []  # thirteen digits: a barcode, however read


def test_a_misread_read_a_little_more_often_does_not_push_out_the_other_reading() -> None:
    lines = [("2G3 909 741", 0.9), ("203 909 741", 0.9), ("203 909 741", 0.8)]
    assert label_part_numbers(lines) == ["2G3 909 741", "203 909 741"]
