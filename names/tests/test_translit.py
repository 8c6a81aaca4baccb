"""Romanisation schemes checked against their published examples."""

import pytest

from names import SCHEMES, to_cyrillic, transliterate

CASES = [
    # Belarusian passport practice (names as printed in passports).
    ("be_passport", "Вітольд Ашурак", "Vitold Ashurak"),
    ("be_passport", "Марыя Калеснікава", "Maryia Kalesnikava"),
    ("be_passport", "Сяргей Ціханоўскі", "Siarhei Tsikhanouski"),
    ("be_passport", "Алесь Бяляцкі", "Ales Bialiatski"),
    ("be_passport", "Яўген Дзмітрый Юрый", "Yauhen Dzmitry Yury"),
    ("be_passport", "Святлана Ціханоўская", "Sviatlana Tsikhanouskaya"),
    ("be_passport", "Мікалай Статкевіч", "Mikalai Statkevich"),
    ("be_passport", "Уладзімір Лабковіч", "Uladzimir Labkovich"),
    ("be_passport", "ЦІХАНОЎСКІ", "TSIKHANOUSKI"),
    # Belarusian national system 2007 (= UN 2013).
    ("be_national_2007", "Магілёў", "Mahilioŭ"),
    ("be_national_2007", "Алесь Бяляцкі", "Alieś Bialiacki"),
    ("be_national_2007", "Вітольд", "Vitoĺd"),
    ("be_national_2007", "Сяргей Ціханоўскі", "Siarhiej Cichanoŭski"),
    ("be_national_2007", "Лукашэнка", "Lukašenka"),
    ("be_national_2007", "Заслаўе", "Zaslaŭje"),
    # Belarusian national system 2023 revision (published examples).
    ("be_national_2023", "Шаркаўшчына", "Sharkawshchyna"),
    ("be_national_2023", "Дзедаў Курган", "Dziedaw Kurgan"),
    ("be_national_2023", "Вераб'ёвічы", "Vierabjovichy"),
    # BGN/PCGN 1979 Belarusian.
    ("be_bgn_pcgn", "Гомель", "Homyel’"),
    ("be_bgn_pcgn", "Сяргей", "Syarhyey"),
    ("be_bgn_pcgn", "Ціханоўскі", "Tsikhanowski"),
    # ISO 9:1995 Belarusian.
    ("be_iso9", "Сяргей Ціханоўскі", "Sârgej Cìhanoǔskì"),
    # Łacinka (classic orthography, no added palatalisation).
    ("be_lacinka", "Алесь Бяляцкі", "Aleś Bialacki"),
    ("be_lacinka", "Марыя Калеснікава", "Maryja Kalesnikava"),
    ("be_lacinka", "Лукашэнка", "Łukašenka"),
    ("be_lacinka", "Вітольд Ашурак", "Vitold Ašurak"),
    # Russian ICAO 9303 (Russian passports since 2014).
    ("ru_icao", "Сергей Тихановский", "Sergei Tikhanovskii"),
    ("ru_icao", "Мария Колесникова", "Mariia Kolesnikova"),
    ("ru_icao", "Подъячев", "Podieiachev"),
    ("ru_icao", "Щербаков Юрий", "Shcherbakov Iurii"),
    # Russian BGN/PCGN.
    ("ru_bgn_pcgn", "Ёлкин", "Yëlkin"),
    ("ru_bgn_pcgn", "Ельцин", "Yel’tsin"),
    ("ru_bgn_pcgn", "Горбачёв", "Gorbachëv"),
    ("ru_bgn_pcgn", "Тихановский", "Tikhanovskiy"),
    # GOST 7.79-2000 system A = ISO 9.
    ("ru_gost_779", "Щука", "Ŝuka"),
    ("ru_gost_779", "Тихановский", "Tihanovskij"),
    ("ru_gost_779", "Ёж Эдуард", "Ëž Èduard"),
    # English press usage.
    ("ru_news", "Александр Лукашенко", "Alexander Lukashenko"),
    ("ru_news", "Сергей Тихановский", "Sergei Tikhanovsky"),
    ("ru_news", "Светлана Тихановская", "Svetlana Tikhanovskaya"),
    ("ru_news", "Евгений Пётр Фёдор", "Yevgeny Pyotr Fyodor"),
    ("ru_news", "Алексей Максим Ксения", "Alexei Maxim Ksenia"),
    ("ru_news", "Дмитрий Юрий Мария Наталья", "Dmitry Yuri Maria Natalya"),
    ("ru_news", "Екатерина Андреева", "Yekaterina Andreyeva"),
    # Ukrainian national 2010 (Cabinet resolution No. 55 examples).
    ("uk_national_2010", "Згурська", "Zghurska"),
    ("uk_national_2010", "Розгон", "Rozghon"),
    ("uk_national_2010", "Юрій", "Yurii"),
    ("uk_national_2010", "Олексій", "Oleksii"),
    ("uk_national_2010", "Єнакієве", "Yenakiieve"),
    ("uk_national_2010", "Їжакевич", "Yizhakevych"),
    ("uk_national_2010", "Кадиївка", "Kadyivka"),
    ("uk_national_2010", "Знам'янка", "Znamianka"),
    ("uk_national_2010", "Щербухи", "Shcherbukhy"),
    ("uk_national_2010", "Ґалаґан", "Galagan"),
    ("uk_national_2010", "Соломія", "Solomiia"),
    ("uk_national_2010", "Йосипівка", "Yosypivka"),
    ("uk_national_2010", "Стрий", "Stryi"),
]


@pytest.mark.parametrize(("scheme", "cyrillic", "latin"), CASES)
def test_scheme_reproduces_published_example(
    scheme: str, cyrillic: str, latin: str
) -> None:
    assert transliterate(cyrillic, scheme) == latin


def test_every_scheme_has_examples() -> None:
    assert {scheme for scheme, _, _ in CASES} == set(SCHEMES)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_cyrillic_leaks_into_output(scheme: str) -> None:
    text = "Ёжык Ґанок Єва Їжа Щука Ўладзь Аб'ём Подъезд Ыы Ээ Ьь Іі Ии"
    output = transliterate(text, scheme)
    assert not any("\u0400" <= c <= "\u052f" for c in output), output


def test_latin_text_is_kept() -> None:
    assert transliterate("Ales Бяляцкі, 1962", "be_passport") == "Ales Bialiatski, 1962"


def test_unknown_scheme_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown scheme"):
        transliterate("Алесь", "be_klingon")


@pytest.mark.parametrize(
    ("latin", "expected"),
    [
        ("Tsikhanouski", "Ціханоўскі"),
        ("Tsikhanouski", "Тихановский"),
        ("Siarhei", "Сяргей"),
        ("Bialiatski", "Бяляцкі"),
        ("Maryia Kalesnikava", "Марыя Калеснікава"),
        ("Yury", "Юрый"),
        ("Andrei", "Андрэй"),
        ("Aliaksandrau", "Аляксандраў"),
        ("Cichanoŭski", "Ціханоўскі"),
        ("Dzmitry", "Дзмітрый"),
    ],
)
def test_to_cyrillic_offers_the_spelling(latin: str, expected: str) -> None:
    assert expected in to_cyrillic(latin)


def test_to_cyrillic_of_nothing_is_empty() -> None:
    assert to_cyrillic("") == []
    assert to_cyrillic("!!! 🙂") == []
