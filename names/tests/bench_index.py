"""Benchmark NameIndex at 100,000 synthetic people (not a test).

Run: .venv/bin/python -m names.tests.bench_index [persons]

Each synthetic person combines a real given name and a surname built from a
real Belarusian/Russian surname stem, and is indexed under four names:
Belarusian Cyrillic, Russian Cyrillic, the Belarusian passport romanisation
and the English-press romanisation of the Russian form.
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from names import NameIndex, transliterate

GIVEN = [
    ("Аляксандр", "Александр"), ("Сяргей", "Сергей"), ("Дзмітрый", "Дмитрий"),
    ("Андрэй", "Андрей"), ("Мікалай", "Николай"), ("Уладзімір", "Владимир"),
    ("Ігар", "Игорь"), ("Віктар", "Виктор"), ("Максім", "Максим"), ("Раман", "Роман"),
    ("Павел", "Павел"), ("Яўген", "Евгений"), ("Юрый", "Юрий"), ("Алег", "Олег"),
    ("Вадзім", "Вадим"), ("Кірыл", "Кирилл"), ("Васіль", "Василий"), ("Пётр", "Пётр"),
    ("Марыя", "Мария"), ("Кацярына", "Екатерина"), ("Вольга", "Ольга"),
    ("Таццяна", "Татьяна"), ("Наталля", "Наталья"), ("Святлана", "Светлана"),
    ("Ірына", "Ирина"), ("Алена", "Елена"), ("Ганна", "Анна"), ("Юлія", "Юлия"),
    ("Марына", "Марина"), ("Дар'я", "Дарья"), ("Ксенія", "Ксения"),
    ("Вераніка", "Вероника"),
]  # fmt: skip
STEMS = [
    ("Ковал", "Ковал"), ("Каваленк", "Коваленк"), ("Бабарык", "Бабарик"),
    ("Ціханоў", "Тихонов"), ("Калеснік", "Колесник"), ("Лукашэнк", "Лукашенк"),
    ("Пратасевіч", "Протасевич"), ("Статкевіч", "Статкевич"), ("Лабковіч", "Лабкович"),
    ("Стэфановіч", "Стефанович"), ("Дашкевіч", "Дашкевич"), ("Алінэвіч", "Алиневич"),
    ("Шарэнд", "Шаренд"), ("Рабк", "Рабк"), ("Лосік", "Лосик"), ("Знак", "Знак"),
    ("Бяляцк", "Беляцк"), ("Ашурак", "Ашурок"), ("Кузняцоў", "Кузнецов"),
    ("Новік", "Новик"), ("Марозаў", "Морозов"), ("Шчарбакоў", "Щербаков"),
    ("Пятроў", "Петров"), ("Сідарэнк", "Сидоренк"), ("Макарэвіч", "Макаревич"),
    ("Жук", "Жук"), ("Грыгор'еў", "Григорьев"), ("Васілеўск", "Василевск"),
]  # fmt: skip
SUFFIXES = ["", "ін", "ук", "енка", "овіч", "ка", "ец", "іч", "ан", "ар", "ель"]


def synthetic_people(persons: int, seed: int = 7) -> list[tuple[int, str]]:
    """Return `(person_id, name)` pairs, four names per person."""
    rng = random.Random(seed)
    pairs: list[tuple[int, str]] = []
    letters = "абвгдзклмнпрстхцш"
    for person in range(persons):
        given_be, given_ru = rng.choice(GIVEN)
        stem_be, stem_ru = rng.choice(STEMS)
        extra = rng.choice(letters) + rng.choice("аоіу") + rng.choice(SUFFIXES)
        surname_be, surname_ru = stem_be + extra, stem_ru + extra.replace("і", "и")
        be, ru = f"{given_be} {surname_be}", f"{given_ru} {surname_ru}"
        pairs += [(person, be), (person, ru)]
        pairs += [(person, transliterate(be, "be_passport"))]
        pairs += [(person, transliterate(ru, "ru_news"))]
    return pairs


def main(persons: int = 100_000) -> None:
    """Build an index of `persons` people and time 300 searches."""
    rng = random.Random(1)
    pairs = synthetic_people(persons)
    started = time.perf_counter()
    index = NameIndex.build(pairs)
    build = time.perf_counter() - started
    queries = [rng.choice(pairs)[1] for _ in range(300)]
    queries = [q if i % 3 else q[:-1] + "x" for i, q in enumerate(queries)]  # typos
    timings = []
    for query in queries:
        started = time.perf_counter()
        index.search(query)
        timings.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(
        f"{persons} persons, {len(index)} names, "
        f"{len(index.vocabulary)} word skeletons: "
        f"build {build:.2f} s, search p50 {p50:.1f} ms, p95 {p95:.1f} ms"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
