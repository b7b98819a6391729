"""Choosing VIN / frame / part numbers among recognised lines, and how sure to be."""

from __future__ import annotations

from bot.messages import PhotoReading
from bot.vision import PHOTO_CONFIDENT
from bot.vision.candidates import best_frame, best_vin, collect, labelled
from bot.vision.ocr import TextLine
from bot.vision.part_numbers import part_numbers
from bot.vision.reader import reconcile


def rapid(*texts: str, score: float = 0.98) -> list[TextLine]:
    return [TextLine(text, score, "rapid") for text in texts]


def reread(*texts: str, score: float = 0.98) -> list[TextLine]:
    return [TextLine(text, score, "reread") for text in texts]


def test_a_vin_read_alike_in_three_cuts_of_its_line_is_sure() -> None:
    lines = [*rapid("MADE IN JAPAN", "JTNBE46K303123456", "1453 kg"), *reread("JTNBE46K303123456", "JTNBE46K303123456")]
    reading = best_vin(collect(lines)[0])
    assert reading.value == "JTNBE46K303123456"
    assert reading.confidence >= PHOTO_CONFIDENT


def test_a_vin_read_alike_in_only_two_cuts_is_confirmed_first() -> None:
    """The other variants of the second look read no VIN at all: a J read as 1 in both cuts, or a
    serial's last digit lost, was used without asking on the third tuning set."""
    vins, _, _ = collect([*rapid("MADE IN JAPAN", "JTNBE46K303123456", "1453 kg"), *reread("JTNBE46K303123456")])
    reading = best_vin(vins)
    assert reading.value == "JTNBE46K303123456" and reading.confidence < PHOTO_CONFIDENT


def test_a_frame_whose_serial_lost_a_digit_is_confirmed_first() -> None:
    """Serials have six or seven digits; five is one cut off at the line's end (GC8-63728)."""
    lines = [*rapid("FRAME NO. GC8-63728"), *reread("FRAME NO. GC8-63728", "FRAME NO. GC8-63728")]
    reading = best_frame(collect(lines)[1])
    assert reading.value == "GC8-63728" and reading.confidence < PHOTO_CONFIDENT
    lines = [*rapid("FRAME NO. GC8-637284"), *reread("FRAME NO. GC8-637284", "FRAME NO. GC8-637284")]
    assert best_frame(collect(lines)[1]).confidence >= PHOTO_CONFIDENT


def test_a_vin_read_alike_only_in_variants_of_the_second_look_is_confirmed_first() -> None:
    vins, _, _ = collect(rapid("MADE IN JAPAN", "1453 kg") + reread("KNAG5781VLB313651", "KNAG5781VLB313651"))
    reading = best_vin(vins)
    assert reading.value == "KNAG5781VLB313651" and reading.confidence < PHOTO_CONFIDENT


def test_a_vin_read_once_is_read_but_confirmed_with_the_customer() -> None:
    reading = best_vin(collect(rapid("MADE IN JAPAN", "JTNBE46K303123456", "1453 kg"))[0])
    assert reading.value == "JTNBE46K303123456" and reading.confidence < PHOTO_CONFIDENT


def test_readings_that_differ_in_one_character_are_voted_character_by_character() -> None:
    lines = rapid("XTA21703080123456", "XTA21703080128456", "XTA21703080123456", "XTA21703080123456")
    reading = best_vin(collect(lines)[0])
    assert reading.value == "XTA21703080123456"


def test_the_last_four_characters_of_a_vin_are_read_as_digits() -> None:
    assert best_vin(collect(rapid("VIN XTA2170308012SB5G"))[0]).value == "XTA21703080125856"


def test_a_vin_glued_to_its_label_is_cut_out() -> None:
    vins, _, _ = collect(rapid("VEHICLEIDENT.NO.JTNAGJ4NPAT348395"))
    assert best_vin(vins).value == "JTNAGJ4NPAT348395"


def test_sts_line_read_as_latin_look_alikes_gives_the_vin() -> None:
    lines = rapid("WAeHTNNKaLNOHHbIi HOMep (VIN) XTA21703080123456", "Ky30B (Ka6NHa) No XTA21703080123456", score=0.8)
    assert best_vin(collect(lines)[0]).value == "XTA21703080123456"


def test_a_vin_glued_after_a_short_word_misread_is_a_candidate() -> None:
    """A СТС's «VIN» read as "TaIN" and glued on: the eighth tuning set's one confident error took the engine
    number printed below for the VIN, as the real one was never a candidate."""
    vins, _, _ = collect(rapid("TaINX7M6C78C5KB793955", "Hoep traren#", "4JGFW76B2A9032967"))
    assert "X7M6C78C5KB793955" in vins
    assert best_vin(vins).confidence < PHOTO_CONFIDENT


def test_a_long_run_without_a_label_is_not_taken_for_a_vin() -> None:
    vins, _, _ = collect(rapid("lacnopTTC63OX123456"))
    assert best_vin(vins).value is None


def test_two_readings_that_differ_in_one_character_are_not_confident() -> None:
    vins, _, _ = collect(rapid("XTA21703080123456", "XTA21703080128456"))
    assert best_vin(vins).confidence < PHOTO_CONFIDENT


def test_the_check_digit_breaks_a_tie_between_equal_readings() -> None:
    # 1HGCM82633A004352 has a valid check digit; the 8 in position 9 does not.
    vins, _, _ = collect(rapid("1HGCM82833A004352", "1HGCM82633A004352"))
    assert best_vin(vins).value == "1HGCM82633A004352"


def test_a_vin_with_a_failing_check_digit_is_still_read() -> None:
    vins, _, _ = collect(rapid("1HGCM82833A004352"))
    assert best_vin(vins).value == "1HGCM82833A004352"


def test_agreement_of_the_second_reader_raises_confidence() -> None:
    one = [*rapid("VIN X7L5VEH93FY276018", score=0.8), *reread("VIN X7L5VEH93FY276018", score=0.8)]
    alone = best_vin(collect(one)[0])
    both = best_vin(collect([*one, TextLine("VIN X7L5VEH93FY276018", 0.6, "tesseract")])[0])
    assert both.value == alone.value and both.confidence > alone.confidence


def test_frame_number_with_or_without_dash() -> None:
    assert best_frame(collect(rapid("FRAME NO. NZE121-0123456"))[1]).value == "NZE121-0123456"
    assert best_frame(collect(rapid("CHASSISNO.GX1106012345"))[1]).value == "GX110-6012345"


def test_part_numbers_in_toyota_and_vag_formats() -> None:
    assert part_numbers("TOYOTA 04465-33450 PAD KIT") == ["04465-33450"]
    assert part_numbers("VAG 1K0 615 301 AA") == ["1K0 615 301 AA"]


def test_a_second_opinion_that_agrees_makes_the_reading_confident() -> None:
    ours = PhotoReading(vin="XTA21703080123456", confidence=0.7)
    assert reconcile(ours, PhotoReading(vin="XTA21703080123456", confidence=0.8)).confidence >= PHOTO_CONFIDENT


def test_a_second_opinion_that_disagrees_keeps_the_reading_below_the_threshold() -> None:
    ours = PhotoReading(vin="XTA21703080123456", confidence=0.8)
    reconciled = reconcile(ours, PhotoReading(vin="XTA21703080128456", confidence=0.95))
    assert reconciled.vin == "XTA21703080123456" and reconciled.confidence < PHOTO_CONFIDENT


def test_the_ocr_of_a_russian_word_is_not_taken_for_a_vin() -> None:
    # «Год выпуска ТС 2012» read as Latin look-alikes, lowercase included
    vins, _, _ = collect(rapid("FoABbinycKaTC2012"))
    assert best_vin(vins).value is None


def test_a_japanese_cars_sts_gives_its_frame_not_a_vin_made_of_otsutstvuet() -> None:
    lines = rapid("Идентификационный HOMep (VIN) OTCYTCTBYET", "Ky30B (kaбинa) NoNZE121-0123456", score=0.9)
    vins, frames, _ = collect(lines)
    assert best_vin(vins).value is None
    assert best_frame(frames).value == "NZE121-0123456"


def test_a_frame_with_a_typographic_dash_is_read() -> None:
    assert best_frame(collect(rapid("FRAME NO. NZE121–0123456"))[1]).value == "NZE121-0123456"


def test_a_known_model_code_tells_where_the_missing_dash_was() -> None:
    reading = best_frame(collect(rapid("CHASSIS NO. CL72540282") + reread("CL72540282", "CL72540282"))[1])
    assert reading.value == "CL7-2540282" and reading.confidence >= PHOTO_CONFIDENT


def test_the_number_sign_read_as_letters_is_not_taken_for_part_of_the_model_code() -> None:
    for glued in ("NEGD1-0896585", "NGD1-0896585", "NoGD1-0896585"):
        assert best_frame(collect(rapid(f"Кузов (кабина) {glued}"))[1]).value == "GD1-0896585"


def test_two_readings_of_one_frame_plate_with_different_serials_are_not_sure() -> None:
    reading = best_frame(collect(rapid("FRAME NO. GD1-0896585", "GD1-896585", "GD1-0896585"))[1])
    assert reading.confidence < PHOTO_CONFIDENT


def test_a_frame_without_its_dash_that_splits_two_ways_is_confirmed_first() -> None:
    # neither "HZ12" nor "HZ1" is a known model code: the serial may have 6 or 7 digits
    reading = best_frame(collect(rapid("FRAME NO. HZ12345678"))[1])
    assert reading.value is not None and reading.confidence < PHOTO_CONFIDENT


def test_part_numbers_glued_to_a_maker_or_spaced_or_with_a_letter_o_for_zero() -> None:
    assert part_numbers("TOYOTA04465-33450") == ["04465-33450"]
    assert part_numbers("04465 33450") == ["04465-33450"]
    assert part_numbers("04465—3345O") == ["04465-33450"]
    assert part_numbers("1KO 615 301 AA") == ["1K0 615 301 AA"]


def test_vag_part_numbers_whose_first_group_ends_in_a_letter() -> None:
    assert part_numbers("06A 115 561 B") == ["06A 115 561 B"]
    assert part_numbers("JZW 698 151") == ["JZW 698 151"]


def test_phone_numbers_and_tax_ids_are_not_part_numbers() -> None:
    assert part_numbers("Тел. 8 916 123 45 67, ИНН 7701234567") == []


def test_a_label_gives_other_makers_numbers_too_but_never_its_barcode_digits() -> None:
    assert part_numbers("MERCEDES-BENZ A 000 420 99 02") == ["A 000 420 99 02"]
    assert part_numbers("LADA 21080-3501090-00") == ["21080-3501090-00"]
    assert part_numbers("HYUNDAI MOBIS 58101-1RA00") == ["58101-1RA00"]
    assert part_numbers("EAN 4607123456789") == []


def test_a_character_the_readings_disagree_on_is_settled_by_the_check_digit() -> None:
    # 1HGCM82633A004352 passes its check digit; two of three readings saw a B for the 8.
    vins, _, _ = collect(rapid("1HGCMB2633A004352", "1HGCMB2633A004352", "1HGCM82633A004352", score=0.9))
    reading = best_vin(vins)
    assert reading.value == "1HGCM82633A004352" and reading.confidence < PHOTO_CONFIDENT


def test_a_russian_line_after_an_empty_vin_field_is_not_taken_for_a_vin() -> None:
    # «Идентификационный номер (VIN) ОТСУТСТВУЕТ», then «Разрешённая максимальная масса 1670 кг»
    # read as Latin look-alikes: the 17 characters before its end are no VIN (it ends in "K7", not four digits).
    lines = rapid("NAeHTNPNKaUNOHHbIN HOMep (VIN)", "PA3PEWEHHAR MAKCNMAJbHAR MACCA1670K7")
    assert best_vin(collect(lines)[0]).value is None


def test_a_toyota_or_honda_serial_read_with_six_digits_has_lost_one() -> None:
    lines = rapid("GD1-896585") + reread("GD1-896585", "GD1-0896585")
    reading = best_frame(collect(lines)[1])
    assert reading.value == "GD1-0896585" and reading.confidence < PHOTO_CONFIDENT


def test_the_number_sign_read_as_ne_is_cut_off_only_before_a_known_model_code() -> None:
    assert best_frame(collect(rapid("Ky30B(Ka6MHa,IpHLIen)NeSXA10-5950801"))[1]).value == "SXA10-5950801"
    assert best_frame(collect(rapid("FRAME NE12-123456"))[1]).value == "NE12-123456"


def test_a_frame_code_one_misread_away_from_a_known_one_is_that_one() -> None:
    _, frames, _ = collect(rapid("FRAME ZE122-7348100", "FRAME NGP31-7528654"))
    assert set(frames) == {"ZZE122-7348100", "NCP31-7528654"}


def test_a_frame_with_the_number_sign_glued_and_the_dash_moved_is_found() -> None:
    _, frames, _ = collect(rapid("Ky30B(Ka6WHa.npMuen)NJZX100-2517787", "Ky(nNGD13-796098"))
    assert set(frames) == {"JZX100-2517787", "GD1-3796098"}


def test_a_model_code_printed_on_another_line_decides_between_two_readings() -> None:
    lines = [*rapid("FRAME ZE122-7348100", "MODEL DBA-ZZE122 ENGINE 1NZ"), *reread("FRAME ZE122-7348100")]
    lines += reread("FRAME ZZE122-7348100")
    assert best_frame(collect(lines)[1]).value == "ZZE122-7348100"


def test_an_unlisted_maker_code_one_look_alike_from_a_listed_one_is_that_one() -> None:
    vins, _, _ = collect(rapid("WWW0EZ1Z8NR813320", "X7UXHT3R4BC694771"))
    assert set(vins) == {"WVW0EZ1Z8NR813320", "X7LXHT3R4BC694771"}


def test_a_vin_after_the_number_sign_read_as_a_letter_is_cut_from_it() -> None:
    vins, _, _ = collect(rapid("Ky3oB(Ka6apIen)NLVSGJZZY03F537500"))
    assert set(vins) == {"LVSGJZZY03F537500"}


def test_no_vin_is_read_from_a_certificate_whose_vin_field_says_there_is_none() -> None:
    lines = rapid("HHeHTHuKaHIHOHHbIn HOMep (VIN) OTCyTCTByET", "HIac11opTTC63OX 123456", "Ky30B(Ka6HHa,1IpHen) NZRE152-2018108")
    vins, frames, _ = collect(lines)
    assert not vins and set(frames) == {"ZRE152-2018108"}


def test_a_certificate_whose_chassis_field_says_none_keeps_its_vin() -> None:
    lines = rapid("Идентификационный номер (VIN) XTA21703080123456", "Шасси (рама) № ОТСУТСТВУЕТ")
    lines += rapid("Кузов (кабина, прицеп) № XTA21703080123456")
    assert set(collect(lines)[0]) == {"XTA21703080123456"}


def test_a_misread_frame_label_is_no_part_of_a_vin_and_a_chassis_label_may_carry_one() -> None:
    assert not collect(rapid("CASSI5NO.SV36.27368"))[0]
    assert set(collect(rapid("CHASSIS NO. JTDKB20U303123456"))[0]) == {"JTDKB20U303123456"}


def test_a_vehicle_passport_number_on_a_certificate_is_no_frame() -> None:
    _, frames, _ = collect(rapid("nlacnopt TC63OX123456", "Hacnopt TC63 oX123456", "Ky30B (Ka6HHa,npuen) NT30-533892"))
    assert set(frames) == {"NT30-533892"}


def test_a_frame_read_with_a_letter_glued_before_its_unknown_code_is_the_frame_read_without() -> None:
    lines = rapid("Ky30B (Ka6WHa,npWuen) K HNT10-809368", "Ky30B (Ka6HHa,npWuen) LHNT10-809368")
    lines += reread("Ky30B (Ka6WHa,npWuen) HNT10-809368")
    _, frames, _ = collect(lines)
    assert set(frames) == {"HNT10-809368"} and frames["HNT10-809368"].lines == 3


def test_a_line_labelled_as_a_vin_or_frame_is_one_worth_a_closer_look() -> None:
    assert labelled("VIN:X96DXAJC9 LA77690") and labelled("FRAME NO. GRX12") and labelled("Идентификационный номер")
    assert not labelled("QTY 2  MADE IN JAPAN") and not labelled("VOLKSWAGEN AG")


def test_a_frame_another_reading_holds_with_more_is_confirmed_first() -> None:
    """Y12 and VZNY12 are both model codes: a cut that lost the first letters reads the shorter one."""
    lines = [*rapid("NY12-898551"), *reread("Y12-898551", "Y12-898551", "VZNY12-898551")]
    reading = best_frame(collect(lines)[1])
    assert reading.value == "Y12-898551" and reading.confidence < PHOTO_CONFIDENT


def test_a_dash_read_as_a_hash_or_lost_after_a_code_ending_in_a_letter_is_found() -> None:
    """«SK82#1469467», «SK82M1469467» (third tuning set): the code's last letter tells where the dash was."""
    assert best_frame(collect(rapid("CHASSIS N0 V35#187970"))[1]).value == "V35-187970"
    assert best_frame(collect(rapid("CHASSIS N0 SK82M1469467"))[1]).value == "SK82M-1469467"
    assert best_frame(collect(rapid("CHASSIS N0 V35M187970"))[1]).value != "V35-M187970"  # no letter in a serial


def test_readings_by_pp_ocr_v6_vote_but_do_not_make_a_reading_sure() -> None:
    """MIN_AGREE was calibrated on PP-OCRv4's cuts: two of them and two of v6's are still two."""
    lines = [*rapid("JTNBE46K303123456"), *reread("JTNBE46K303123456")]
    lines += [TextLine("JTNBE46K303123456", 0.98, "v6"), TextLine("JTNBE46K303123456", 0.98, "v6")]
    reading = best_vin(collect(lines)[0])
    assert reading.value == "JTNBE46K303123456" and reading.confidence < PHOTO_CONFIDENT


def test_pp_ocr_v6_outvotes_a_character_pp_ocr_v4_misread_in_two_cuts_of_three() -> None:
    misread = "JTNBE46K3B3123456"  # 0 as B, as PP-OCRv4 read it alone
    lines = [*rapid(misread), *reread(misread, "JTNBE46K303123456")]
    assert best_vin(collect(lines)[0]).value == misread
    lines += [TextLine("JTNBE46K303123456", 0.98, "v6"), TextLine("JTNBE46K303123456", 0.98, "v6")]
    assert best_vin(collect(lines)[0]).value == "JTNBE46K303123456"


def test_a_code_with_several_characters_read_as_look_alikes_is_the_one_known_code_they_fit() -> None:
    """«20426» is ZCA26 (Z, C and A read as digits); repaired, so the customer confirms it."""
    reading = best_frame(collect(rapid("20426-3287123", "20426-3287123") + reread("20426-3287123"))[1])
    assert reading.value == "ZCA26-3287123" and reading.confidence < PHOTO_CONFIDENT


def test_a_frame_stronger_than_a_vin_before_agreement_caps_it_wins_but_is_confirmed_first() -> None:
    from bot.vision.reader import _decide

    """Two cuts agree on the frame (too few to be sure, so its confidence is capped below the
    threshold); a VIN read faintly once must not push it out."""
    lines = [*rapid("CHASSIS NO. NZE121-0123456"), *reread("CHASSIS NO. NZE121-0123456"), *rapid("XTA21099023456789", score=0.3)]
    reading = _decide(lines)
    assert reading.frame == "NZE121-0123456" and reading.vin is None and reading.confidence < PHOTO_CONFIDENT


def test_a_piece_of_the_vin_read_with_a_model_code_before_its_serial_is_no_frame() -> None:
    """PP-OCRv6 lost a СТС line's «WBAN0GA» beside its Russian label and read «GDZ17751340»: GD1 is a
    Honda code, 7751340 the VIN's own serial — the photo holds the VIN alone."""
    from bot.vision.reader import _decide

    vin = "WBAN0GADZ17751340"
    lines = [
        *rapid(f"(VIN) {vin}"),
        *reread(vin, vin, vin),
        TextLine("GDZ17751340", 0.9, "v6"),
        TextLine("GD17751340", 0.85, "v6"),
    ]
    reading = _decide(lines)
    assert (reading.vin, reading.frame) == (vin, None)
    reading = _decide([*lines, *rapid("ШАССИ GD1-3912345")])  # a frame of its own stays
    assert (reading.vin, reading.frame) == (vin, "GD1-3912345")


def test_a_vin_read_with_a_letter_among_its_last_four_is_confirmed_first() -> None:
    """ISO 3779 ends a VIN in four digits: a letter the recogniser saw there every time («37T33») is
    taken for the digit it resembles, but the customer confirms it."""
    lines = [*rapid("VSSZZZDV58ZL37T33"), *reread("VSSZZZDV58ZL37T33", "VSSZZZDV58ZL37T33")]
    reading = best_vin(collect(lines)[0])
    assert reading.value == "VSSZZZDV58ZL37733" and reading.confidence < PHOTO_CONFIDENT


def test_a_window_that_took_the_labels_last_letter_for_a_lost_one_gives_way_to_the_whole_vin() -> None:
    lines = [
        *rapid("MAeHTHMKauHOHHbI HOMep (VIN) XBGZBWUOENDO2021"),
        *reread(*["MAeHTHMKauHOHHbI HOMep (VIN) XBGZBWUOENDO2021"] * 3),
        *rapid("Ky30B (Ka6HHa,npNLen) No XBGZBWU0END020212", score=0.82),
        *reread("Ky30B (Ka6WHa,npuyen) N XBGZBWU0END020212", score=0.82),
    ]
    reading = best_vin(collect(lines)[0])
    assert reading.value == "XBGZBWU0END020212" and reading.confidence < PHOTO_CONFIDENT


def test_a_stamped_vins_star_read_as_a_letter_is_cut_off() -> None:
    vins, _, _ = collect(rapid("*X9FY5J5RBFR907640X"))
    assert list(vins) == ["X9FY5J5RBFR907640"]


def test_a_frame_serial_digit_read_as_a_letter_is_a_digit() -> None:
    _, frames, _ = collect(rapid("FRAME NO. HNT10-D80869"))
    assert list(frames) == ["HNT10-080869"]


def test_no_vin_is_cut_across_its_label() -> None:
    """A VIN whose first character was lost after its label («…НОМ(VIN)TMYGDPDKT9311», its J read
    as the bracket) is no VIN made up with the label's last letters («U0HMTMYGDPDKT9311»)."""
    vins, _, _ = collect(rapid("HUOHMVIN)TMYGDPDKT9311"))
    assert not vins


def test_a_stamped_w_read_as_u_or_an_n_read_as_h_in_the_maker_code_is_repaired() -> None:
    vins, _, _ = collect(rapid("XU8ZZZKSFHU992495", "SJHWYM40XAF975169"))
    assert set(vins) == {"XW8ZZZKSFHU992495", "SJNWYM40XAF975169"}


def test_a_plates_engine_number_is_no_frame_number() -> None:
    """«ENGINE 21129» has a frame's shape once its I is read as the digit 1 (ENG1NE-21129)."""
    _vins, frames, _parts = collect(rapid("ENGINE 21129  PAINT 345"))
    assert not frames


def v6(*texts: str, score: float = 0.97) -> list[TextLine]:
    return [TextLine(text, score, "v6") for text in texts]


def test_a_vin_read_with_u_in_its_model_year_place_takes_the_year_code_another_reading_saw_there() -> None:
    """U is no year's code: a V read as U by PP-OCRv4 in every cut was used without asking."""
    lines = [*rapid("JF2GSP636UB857659"), *reread("JF2GSP636UB857659", "JF2GSP636UB857659"), *v6("JF2GSP636VB857659")]
    reading = best_vin(collect(lines)[0])
    assert reading.value == "JF2GSP636VB857659"
    assert reading.confidence < PHOTO_CONFIDENT  # one reading of it: the customer confirms


def test_a_vin_no_reading_gives_a_year_code_is_read_as_seen_but_never_used_unasked() -> None:
    lines = [*rapid("JF2GSP636UB857659"), *reread("JF2GSP636UB857659", "JF2GSP636UB857659")]
    reading = best_vin(collect(lines)[0])
    assert reading.value == "JF2GSP636UB857659" and reading.confidence < PHOTO_CONFIDENT


def test_a_frame_serial_some_reading_saw_a_letter_in_is_confirmed_first() -> None:
    """A slashed zero is read as B by one recogniser and as 8 by the other: both agree, both wrong."""
    lines = [*rapid("CHASSIS NO.J31-B01419"), *reread("CHASSIS NO.J31-B01419", "CHASSIS NO.J31-B01419"), *v6("J31-801419")]
    reading = best_frame(collect(lines)[1])
    assert reading.value == "J31-801419" and reading.confidence < PHOTO_CONFIDENT
    digits = [*rapid("CHASSIS NO.J31-801419"), *reread("CHASSIS NO.J31-801419", "CHASSIS NO.J31-801419")]
    assert best_frame(collect(digits)[1]).confidence >= PHOTO_CONFIDENT  # read as digits alike: sure


def test_an_unknown_maker_code_one_look_alike_from_a_known_one_that_passes_the_check_digit_is_that_one() -> None:
    """«LVU…» is no maker's and fails the check digit; Chery's LVV… passes it: read back, never used unasked."""
    lines = [*rapid("LVUDMJPM7LT319991"), *reread("LVUDMJPM7LT319991", "LVUDMJPM7LT319991")]
    reading = best_vin(collect(lines)[0])
    assert reading.value == "LVVDMJPM7LT319991" and reading.confidence < PHOTO_CONFIDENT


def test_a_known_maker_code_whose_vin_fails_the_check_digit_is_left_as_read() -> None:
    lines = [*rapid("LVVDMJPM8LT319991"), *reread("LVVDMJPM8LT319991", "LVVDMJPM8LT319991")]
    assert best_vin(collect(lines)[0]).value == "LVVDMJPM8LT319991"
