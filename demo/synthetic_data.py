"""Reference tables for the synthetic register (demo/synthetic.py).

Everything here is invented-but-plausible material: real Belarusian given
names and common surname patterns, real towns of each region, and rough
proportions (profiles, sentence lengths, release waves) modelled on public
counts. No row describes a real person.
"""

from __future__ import annotations

from dataclasses import dataclass

# Given names: sex | Belarusian | Russian | English-press forms of the Russian
# name | Polish forms | a Belarusian short form | relative frequency (1-9).
GIVEN_NAMES = """
m|Аляксандр|Александр|Alexander Aleksandr Alexandr|Aleksander|Алесь|9
m|Алесь|Алесь|Ales|Aleś||3
m|Аляксей|Алексей|Alexei Alexey Aleksei|Aleksiej||7
m|Анатоль|Анатолий|Anatoly Anatoliy|Anatol||4
m|Андрэй|Андрей|Andrei Andrey|Andrzej||8
m|Антон|Антон|Anton|Antoni||5
m|Арцём|Артём|Artyom Artem|Artiom||5
m|Багдан|Богдан|Bogdan|Bogdan||2
m|Барыс|Борис|Boris|Borys||2
m|Вадзім|Вадим|Vadim|Wadim||4
m|Валерый|Валерий|Valery Valeriy|Walery||4
m|Валянцін|Валентин|Valentin|Walenty||3
m|Васіль|Василий|Vasily Vasiliy|Wasyl||3
m|Віктар|Виктор|Viktor Victor|Wiktor||6
m|Віталь|Виталий|Vitaly Vitaliy|Witalij||5
m|Вітольд|Витольд|Vitold|Witold||1
m|Уладзімір|Владимир|Vladimir|Włodzimierz||7
m|Уладзіслаў|Владислав|Vladislav|Władysław||4
m|Вячаслаў|Вячеслав|Vyacheslav|Wiaczesław||4
m|Генадзь|Геннадий|Gennady Gennadiy|Giennadij||4
m|Глеб|Глеб|Gleb|Gleb||2
m|Рыгор|Григорий|Grigory|Grzegorz||2
m|Даніла|Данила|Danila|Danił||2
m|Дзяніс|Денис|Denis|Denis||6
m|Дзмітрый|Дмитрий|Dmitry Dmitri Dmitriy|Dmitrij|Зміцер|9
m|Яўген|Евгений|Yevgeny Evgeny Evgeniy|Eugeniusz||6
m|Ягор|Егор|Yegor Egor|Jegor||4
m|Іван|Иван|Ivan|Iwan|Янка|5
m|Ігар|Игорь|Igor|Igor||6
m|Ілья|Илья|Ilya|Ilja||5
m|Кірыл|Кирилл|Kirill|Cyryl||4
m|Канстанцін|Константин|Konstantin|Konstanty|Кастусь|5
m|Леанід|Леонид|Leonid|Leonid||3
m|Максім|Максим|Maxim Maksim|Maksym||7
m|Мікалай|Николай|Nikolai Nikolay|Mikołaj|Мікола|6
m|Міхаіл|Михаил|Mikhail|Michał|Міхась|5
m|Мікіта|Никита|Nikita|Nikita||4
m|Алег|Олег|Oleg|Oleg||6
m|Павел|Павел|Pavel|Paweł||7
m|Пётр|Пётр|Pyotr Petr|Piotr|Пятрусь|3
m|Раман|Роман|Roman|Roman||5
m|Руслан|Руслан|Ruslan|Rusłan||4
m|Сяргей|Сергей|Sergei Sergey|Siergiej||9
m|Сцяпан|Степан|Stepan|Szczepan||2
m|Станіслаў|Станислав|Stanislav|Stanisław||3
m|Цімафей|Тимофей|Timofei Timofey|Tymoteusz||2
m|Фёдар|Фёдор|Fyodor Fedor|Fiodor||2
m|Эдуард|Эдуард|Eduard|Edward||3
m|Юрый|Юрий|Yuri Yury Yuriy|Jerzy|Юрась|6
m|Яраслаў|Ярослав|Yaroslav|Jarosław||3
m|Аркадзь|Аркадий|Arkady|Arkadiusz||2
m|Данііл|Даниил|Daniil|Daniel||3
m|Адам|Адам|Adam|Adam||2
m|Арсеній|Арсений|Arseny Arseniy|Arseniusz||2
m|Артур|Артур|Artur|Artur||3
m|Георгій|Георгий|Georgy Georgiy|Jerzy||2
m|Ігнат|Игнат|Ignat|Ignacy||1
m|Іосіф|Иосиф|Iosif|Józef||1
m|Лявон|Леон|Leon|Leon||1
m|Марк|Марк|Mark|Marek||2
m|Мацвей|Матвей|Matvei Matvey|Mateusz||2
m|Мірон|Мирон|Miron|Miron||1
m|Назар|Назар|Nazar|Nazar||1
m|Сямён|Семён|Semyon Semen|Siemion||2
m|Святаслаў|Святослав|Svyatoslav|Światosław||1
m|Ціхан|Тихон|Tikhon|Tichon||1
m|Тарас|Тарас|Taras|Taras||1
m|Філіп|Филипп|Filipp Philipp|Filip||2
m|Якаў|Яков|Yakov|Jakub||1
m|Ян|Ян|Yan Jan|Jan||2
m|Захар|Захар|Zakhar|Zachar||1
m|Герман|Герман|German|Herman||1
m|Савелій|Савелий|Savely|Sawelij||1
m|Зянон|Зенон|Zenon|Zenon||1
m|Казімір|Казимир|Kazimir|Kazimierz||1
m|Вальдэмар|Вальдемар|Valdemar|Waldemar||1
m|Тадэвуш|Тадеуш|Tadeush|Tadeusz||1
f|Аляксандра|Александра|Alexandra Aleksandra|Aleksandra|Алеся|5
f|Алеся|Олеся|Olesya Olesia|Olesia||3
f|Алена|Елена|Yelena Elena|Helena||8
f|Анастасія|Анастасия|Anastasia Anastasiya|Anastazja|Наста|6
f|Ганна|Анна|Anna|Anna||6
f|Вераніка|Вероника|Veronika|Weronika||4
f|Вера|Вера|Vera|Wiera||2
f|Вольга|Ольга|Olga|Olga||8
f|Галіна|Галина|Galina|Galina||4
f|Дар'я|Дарья|Darya Daria|Daria||4
f|Кацярына|Екатерина|Yekaterina Ekaterina|Katarzyna||7
f|Ірына|Ирина|Irina|Irena||7
f|Ксенія|Ксения|Ksenia Kseniya|Ksenia||4
f|Аксана|Оксана|Oksana|Oksana||4
f|Ларыса|Лариса|Larisa|Larysa||3
f|Лізавета|Елизавета|Yelizaveta Elizaveta|Elżbieta||3
f|Любоў|Любовь|Lyubov|Luba||2
f|Людміла|Людмила|Lyudmila Ludmila|Ludmiła||4
f|Марыя|Мария|Maria Mariya|Maria||7
f|Марына|Марина|Marina|Maryna||6
f|Надзея|Надежда|Nadezhda|Nadzieja||4
f|Наталля|Наталья|Natalya Natalia|Natalia||7
f|Паліна|Полина|Polina|Paulina||4
f|Святлана|Светлана|Svetlana|Swietłana||7
f|Соф'я|Софья|Sofya Sofia|Zofia||2
f|Таццяна|Татьяна|Tatyana Tatiana|Tatiana||8
f|Тамара|Тамара|Tamara|Tamara||2
f|Юлія|Юлия|Yulia Yuliya|Julia||6
f|Яна|Яна|Yana|Jana||4
f|Яўгенія|Евгения|Yevgenia Evgenia|Eugenia||3
f|Валянціна|Валентина|Valentina|Walentyna||3
f|Вікторыя|Виктория|Viktoria Victoria|Wiktoria||4
f|Аліна|Алина|Alina|Alina||3
f|Раіса|Раиса|Raisa|Raisa||1
f|Зінаіда|Зинаида|Zinaida|Zinaida||1
f|Марфа|Марфа|Marfa|Marta||1
f|Ала|Алла|Alla|Ałła||2
f|Альбіна|Альбина|Albina|Albina||1
f|Анжаліка|Анжелика|Anzhelika|Angelika||2
f|Антаніна|Антонина|Antonina|Antonina||2
f|Валерыя|Валерия|Valeria Valeriya|Waleria||2
f|Дзіяна|Диана|Diana|Diana||3
f|Ева|Ева|Yeva Eva|Ewa||2
f|Жанна|Жанна|Zhanna|Żanna||2
f|Іна|Инна|Inna|Inna||2
f|Карына|Карина|Karina|Karyna||3
f|Кіра|Кира|Kira|Kira||1
f|Крысціна|Кристина|Kristina|Krystyna||4
f|Лілія|Лилия|Liliya Lilia|Lilia||2
f|Маргарыта|Маргарита|Margarita|Małgorzata||2
f|Ніна|Нина|Nina|Nina||2
f|Эльвіра|Эльвира|Elvira|Elwira||1
f|Ульяна|Ульяна|Ulyana|Julianna||1
f|Ядвіга|Ядвига|Yadviga|Jadwiga||1
f|Зоя|Зоя|Zoya|Zoja||1
f|Мілана|Милана|Milana|Milana||1
f|Эвеліна|Эвелина|Evelina|Ewelina||1
f|Станіслава|Станислава|Stanislava|Stanisława||1
f|Дамініка|Доминика|Dominika|Dominika||1
"""

# Surnames (masculine form): Belarusian, then the Russian form used in
# Russian-language documents and news. Feminine forms are derived by rule.
SURNAMES = """
Быкаў Быков  Латыпаў Латыпов  Залатароў Золотарёв  Шчарбакоў Щербаков
Някляеў Некляев  Казлоў Козлов  Іваноў Иванов  Пятроў Петров
Смірноў Смирнов  Паўлаў Павлов  Сямёнаў Семёнов  Мікалаеў Николаев
Фёдараў Фёдоров  Навумаў Наумов  Антонаў Антонов  Ягораў Егоров
Сцяпанаў Степанов  Макараў Макаров  Захараў Захаров  Карпаў Карпов
Філіпаў Филиппов  Раманаў Романов  Арлоў Орлов  Сакалоў Соколов
Лебедзеў Лебедев  Мядзведзеў Медведев  Кавалёў Ковалёв  Вараб'ёў Воробьёв
Салаўёў Соловьёв  Барысаў Борисов  Цімафееў Тимофеев  Дзмітрыеў Дмитриев
Яўсееў Евсеев  Васільеў Васильев  Андрэеў Андреев  Сяргееў Сергеев
Аляксееў Алексеев  Лявонаў Леонов  Кузняцоў Кузнецов  Гусеў Гусев
Зайцаў Зайцев  Жукаў Жуков  Баранаў Баранов  Сідараў Сидоров
Бяляеў Беляев  Камароў Комаров  Мельнікаў Мельников  Зуеў Зуев
Тарасаў Тарасов  Шарапаў Шарапов  Рыжкоў Рыжков  Галубеў Голубев
Кісялёў Киселёв  Цітоў Титов  Цыганкоў Цыганков  Рабкоў Рабков
Ганчароў Гончаров  Марозаў Морозов  Навікаў Новиков  Багданаў Богданов
Мацвееў Матвеев  Якаўлеў Яковлев  Крылоў Крылов  Палякоў Поляков
Ціхонаў Тихонов  Дзянісаў Денисов  Жураўлёў Журавлёв  Гаўрылаў Гаврилов
Ігнатаў Игнатов  Кірылаў Кириллов  Максімаў Максимов  Асіпаў Осипов
Аляксандраў Александров  Мартынаў Мартынов  Фралоў Фролов  Караткоў Коротков
Баброў Бобров  Гарбуноў Горбунов  Шылаў Шилов  Дзямідаў Демидов
Кулешоў Кулешов  Ляшкоў Лешков
Пушкін Пушкин  Івашын Ивашин  Ільін Ильин  Калінін Калинин
Галкін Галкин  Лапін Лапин  Шышкін Шишкин  Фамін Фомин
Зімін Зимин  Бародзін Бородин  Сёмін Сёмин  Кудзін Кудин
Сарокін Сорокин  Цішын Тишин  Галавін Головин  Варонін Воронин
Нікіцін Никитин  Ларын Ларин  Мухін Мухин  Кузьмін Кузьмин
Савін Савин  Фокін Фокин  Жылін Жилин  Шчукін Щукин  Саўкін Савкин
Ціханоўскі Тихановский  Бяляцкі Беляцкий  Навіцкі Новицкий  Казлоўскі Козловский
Кавальскі Ковальский  Шпакоўскі Шпаковский  Вішнеўскі Вишневский
Дамброўскі Домбровский  Ляхоўскі Ляховский  Баранаўскі Барановский
Рагоўскі Роговский  Жукоўскі Жуковский  Сакалоўскі Соколовский
Астроўскі Островский  Ліпскі Липский  Дубоўскі Дубовский  Маліноўскі Малиновский
Лісоўскі Лисовский  Сасноўскі Сосновский  Янкоўскі Янковский  Гурскі Гурский
Завадскі Завадский  Пашкоўскі Пашковский  Лапіцкі Лапицкий  Высоцкі Высоцкий
Мяцельскі Метельский  Бельскі Бельский  Палянскі Полянский  Ракіцкі Ракицкий
Багдашэўскі Богдашевский  Петрашэўскі Петрашевский  Кляцкі Клецкий
Вольскі Вольский  Гарадзецкі Городецкий  Красоўскі Красовский
Каменскі Каменский  Данілоўскі Даниловский  Чарноўскі Черновский
Пятроўскі Петровский  Зялінскі Зелинский  Крупскі Крупский  Сяліцкі Селицкий
Савіцкі Савицкий  Камінскі Каминский  Навумоўскі Наумовский
Пратасевіч Протасевич  Караткевіч Короткевич  Статкевіч Статкевич
Лабковіч Лабкович  Стэфановіч Стефанович  Дашкевіч Дашкевич
Мацкевіч Мацкевич  Лукашэвіч Лукашевич  Шушкевіч Шушкевич  Станкевіч Станкевич
Міцкевіч Мицкевич  Ждановіч Жданович  Рыбаковіч Рыбакович
Мартыновіч Мартынович  Юркевіч Юркевич  Петрукевіч Петрукевич
Паўловіч Павлович  Пятровіч Петрович  Карповіч Карпович  Ярашэвіч Ярошевич
Багдановіч Богданович  Грыневіч Гриневич  Баранкевіч Баранкевич
Навумовіч Наумович  Давыдовіч Давыдович  Сідаровіч Сидорович  Яцкевіч Яцкевич
Радзевіч Радевич  Гурыновіч Гуринович  Гаўрыловіч Гаврилович
Антановіч Антонович  Касцевіч Костевич  Зянкевіч Зенкевич  Адамовіч Адамович
Дамашэвіч Домашевич  Вайцяховіч Войтехович  Вашкевіч Вашкевич
Сцяпановіч Степанович  Аляксандровіч Александрович  Макаревіч Макаревич
Ермаловіч Ермолович  Цітовіч Титович  Шукевіч Шукевич  Вайтовіч Войтович
Грышкевіч Гришкевич  Хадасевіч Ходасевич  Мілінкевіч Милинкевич
Парфяновіч Парфенович  Бабіч Бабич  Кузьміч Кузьмич
Бабарыка Бабарико  Латушка Латушко  Цапкала Цепкало  Судаленка Судаленко
Шаўчэнка Шевченко  Карпенка Карпенко  Бандарэнка Бондаренко  Сідарэнка Сидоренко
Марчанка Марченко  Кірыленка Кириленко  Паўленка Павленко  Лысенка Лысенко
Васіленка Василенко  Гардзіенка Гордиенко  Радчанка Радченко  Кузьменка Кузьменко
Навуменка Науменко  Дзянісенка Денисенко  Ярашэнка Ярошенко  Тарасенка Тарасенко
Андрэенка Андреенко  Мацвеенка Матвеенко  Міхненка Михненко  Ткачэнка Ткаченко
Цітарэнка Титаренко  Петрашка Петрашко  Малашка Малашко  Хадыка Ходыко
Бойка Бойко  Рамашка Ромашко  Гурка Гурко  Сушка Сушко  Бычка Бычко
Дубка Дубко  Цвірка Цвирко  Мажэйка Мажейко  Пракапенка Прокопенко
Ігнаценка Игнатенко  Дарашэнка Дорошенко  Рудзька Рудько  Мікуленка Микуленко
Грамыка Громыко  Якушка Якушко  Мамчанка Мамченко  Клімчанка Климченко
Сцяпаненка Степаненко  Лук'яненка Лукьяненко  Зінчанка Зинченко
Гапоненка Гапоненко  Сяргеенка Сергеенко  Юрчанка Юрченко  Фаменка Фоменко
Мартыненка Мартыненко  Шумчанка Шумченко  Лябедзька Лебедько  Вячорка Вечорко
Кавальчук Ковальчук  Мартынюк Мартынюк  Ляўчук Левчук  Грышчук Грищук
Антанюк Антонюк  Васілюк Василюк  Філіпчук Филипчук  Панасюк Панасюк
Дзмітрук Дмитрук  Сцяпанюк Степанюк  Шаўчук Шевчук  Бандарук Бондарук
Трафімчук Трофимчук  Іванюк Иванюк  Марчук Марчук  Саўчук Савчук
Краўчук Кравчук  Юрчык Юрчик  Кузнечык Кузнечик  Лук'янчык Лукьянчик
Гайдук Гайдук  Шатэрнік Шатерник  Мельнік Мельник  Вашчук Ващук  Яцук Яцук
Раманюк Романюк  Карпюк Карпюк  Стральчук Стрельчук  Янчук Янчук  Пашук Пашук
Якімчык Якимчик  Пархімчык Пархимчик  Міхальчык Михальчик  Абрамчык Абрамчик
Навумчык Наумчик  Ганчарык Гончарик  Верамейчык Веремейчик  Касцюк Костюк
Кандрацюк Кондратюк  Радзюк Радюк  Дзямчук Демчук  Сідарчык Сидорчик
Ашурак Ашурок  Дзядок Дедок  Мароз Мороз  Кулак Кулак  Жук Жук  Воўк Волк
Бурак Бурак  Кот Кот  Казак Козак  Русак Русак  Кравец Кравец  Карась Карась
Лось Лось  Сакол Сокол  Шпак Шпак  Сініца Синица  Варона Ворона  Голуб Голуб
Бусел Бусел  Дуда Дуда  Пальчыс Пальчис  Шарэнда Шаренда  Хершэ Херше
Колб Колб  Знак Знак  Рудзь Рудь  Лебедзь Лебедь  Шыла Шило  Гарбуз Гарбуз
Палуян Полуян  Кулеш Кулеш  Барадуля Бородуля  Шапавал Шаповал  Грак Грак
Гаўрыш Гавриш  Скобла Скобло  Рудак Рудак  Лагун Лагун  Пазняк Позняк
Севярынец Северинец  Дубавец Дубовец  Цыхун Цыхун  Кушнер Кушнер
"""

# Regions (as the register writes them) with real towns, the regional centre
# first; the weight is a rough share of the country's political prisoners.
REGION_TOWNS = (
    ("Minsk", 30, "Minsk"),
    (
        "Minsk Region",
        14,
        "Barysau|Maladzechna|Salihorsk|Zhodzina|Slutsk|Dziarzhynsk|Vileika|"
        "Stoubtsy|Maryina Horka|Zaslauye|Smalyavichy|Lahoisk|Valozhyn|Kletsk|"
        "Niasvizh|Fanipal",
    ),
    (
        "Brest Region",
        12,
        "Brest|Baranavichy|Pinsk|Kobryn|Biaroza|Ivatsevichy|Luninets|Pruzhany|"
        "Kamianets|Stolin|Drahichyn|Hantsavichy|Ivanava|Zhabinka|Malaryta|"
        "Liakhavichy",
    ),
    (
        "Vitsebsk Region",
        11,
        "Vitsebsk|Polatsk|Navapolatsk|Orsha|Hlybokaye|Pastavy|Lepel|Novalukoml|"
        "Haradok|Braslau|Dokshytsy|Miory|Talachyn|Dubrouna|Sianno",
    ),
    (
        "Homel Region",
        13,
        "Homel|Mazyr|Zhlobin|Svetlahorsk|Rechytsa|Kalinkavichy|Rahachou|Dobrush|"
        "Zhytkavichy|Khoiniki|Petrykau|Loeu|Buda-Kashaliova|Vetka|Yelsk|Naroulia",
    ),
    (
        "Hrodna Region",
        11,
        "Hrodna|Lida|Slonim|Vaukavysk|Navahrudak|Smarhon|Ashmiany|Shchuchyn|"
        "Astravets|Mosty|Ivye|Dziatlava|Skidal|Svislach|Zelva|Voranava|"
        "Berastavitsa",
    ),
    (
        "Mahilioŭ Region",
        9,
        "Mahilioŭ|Babruisk|Asipovichy|Horki|Krychau|Shklou|Bykhau|Klimavichy|"
        "Kastsiukovichy|Chavusy|Mstsislau|Hlusk|Kirausk|Bialynichy|Kruhlaye",
    ),
)
REGIONS: dict[str, tuple[float, tuple[str, ...]]] = {
    region: (weight, tuple(towns.split("|"))) for region, weight, towns in REGION_TOWNS
}


# Kinds of cases: how often, when arrested (weight per year, not before
# `earliest`), on which charges (article, parts, weight), for how long
# (months low, high, weight), and the shares sentenced to an open-type
# facility ("khimiya") or released at the verdict (restricted freedom at home).
@dataclass(frozen=True)
class Profile:
    name: str
    weight: float
    years: dict[int, float]
    earliest: str
    articles: tuple[tuple[str, tuple[str, ...], float], ...]
    months: tuple[tuple[int, int, float], ...]
    open_share: float
    home_share: float


PROFILES = (
    Profile(
        "protest",
        26,
        {2020: 40, 2021: 30, 2022: 10, 2023: 8, 2024: 6, 2025: 4, 2026: 2},
        "2020-08-09",
        (
            ("342", ("1", "2", ""), 10),
            ("293", ("1", "2"), 3),
            ("339", ("1", "2"), 3),
            ("364", ("",), 3),
            ("363", ("1", "2"), 2),
            ("218", ("1", "2"), 1),
            ("130", ("1", "3"), 1),
        ),
        ((6, 12, 10), (13, 24, 25), (25, 36, 30), (37, 60, 23), (61, 120, 12)),
        0.12,
        0.05,
    ),
    Profile(
        "speech",
        28,
        {2020: 4, 2021: 14, 2022: 18, 2023: 18, 2024: 18, 2025: 16, 2026: 12},
        "2020-05-01",
        (
            ("368", ("1", "2"), 8),
            ("369", ("",), 8),
            ("367", ("1", "2"), 3),
            ("130", ("1", "2", "3"), 4),
            ("361", ("1", "2", "3"), 2),
            ("369-1", ("",), 1),
            ("370", ("",), 1),
            ("391", ("",), 1),
            ("188", ("1", "2"), 1),
        ),
        ((3, 12, 20), (13, 24, 35), (25, 36, 25), (37, 60, 20)),
        0.3,
        0.08,
    ),
    Profile(
        "extremism",
        34,
        {2021: 12, 2022: 18, 2023: 20, 2024: 20, 2025: 18, 2026: 12},
        "2021-01-01",
        (
            ("361-1", ("1", "2", "3"), 8),
            ("361-4", ("",), 6),
            ("361-2", ("1", "2"), 3),
            ("361-5", ("",), 1),
            ("130", ("3",), 2),
            ("342", ("1",), 2),
            ("130-1", ("",), 1),
            ("130-2", ("",), 1),
            ("369-3", ("",), 1),
        ),
        ((12, 24, 10), (25, 36, 20), (37, 60, 32), (61, 96, 26), (97, 168, 12)),
        0.06,
        0.02,
    ),
    Profile(
        "grave",
        7,
        {2020: 30, 2021: 35, 2022: 20, 2023: 10, 2024: 5},
        "2020-05-01",
        (
            ("356", ("",), 4),
            ("357", ("1", "3"), 3),
            ("361", ("3",), 3),
            ("289", ("1", "2", "3"), 2),
            ("290-1", ("",), 1),
            ("290-4", ("2",), 1),
            ("290-5", ("",), 1),
            ("359", ("1",), 1),
            ("293", ("1",), 2),
            ("130", ("3",), 2),
        ),
        ((60, 96, 30), (97, 144, 35), (145, 240, 28), (241, 300, 7)),
        0.0,
        0.0,
    ),
    Profile(
        "other",
        5,
        {2020: 15, 2021: 25, 2022: 20, 2023: 15, 2024: 12, 2025: 9, 2026: 4},
        "2020-05-01",
        (
            ("193-1", ("",), 3),
            ("235", ("2", "3"), 1),
            ("430", ("3",), 1),
            ("366", ("",), 1),
            ("342", ("1",), 1),
        ),
        ((12, 24, 30), (25, 48, 40), (49, 96, 25), (97, 168, 5)),
        0.15,
        0.04,
    ),
)

# Releases before the end of term: (date, release reason, share of the persons
# still held at that date who are released). Pardons came in waves from July
# 2024; in 2025 groups were released and taken across the border.
RELEASE_WAVES: tuple[tuple[str, str, float], ...] = (
    ("2024-07-03", "pardon", 0.02),
    ("2024-07-16", "pardon", 0.015),
    ("2024-08-01", "exchanged", 0.002),
    ("2024-08-15", "pardon", 0.02),
    ("2024-09-04", "pardon", 0.02),
    ("2024-09-16", "pardon", 0.02),
    ("2024-10-22", "pardon", 0.015),
    ("2024-11-07", "pardon", 0.02),
    ("2024-11-20", "pardon", 0.02),
    ("2024-12-11", "pardon", 0.015),
    ("2025-01-10", "pardon", 0.015),
    ("2025-02-12", "pardon", 0.015),
    ("2025-03-20", "pardon", 0.015),
    ("2025-05-08", "pardon", 0.02),
    ("2025-06-21", "deported", 0.01),
    ("2025-07-03", "pardon", 0.02),
    ("2025-09-11", "deported", 0.05),
    ("2025-11-04", "pardon", 0.015),
    ("2025-12-13", "deported", 0.09),
    ("2026-02-17", "pardon", 0.01),
    ("2026-05-09", "pardon", 0.015),
    ("2026-07-03", "pardon", 0.015),
    ("2026-09-17", "pardon", 0.01),
)

ARREST_PLACES = (
    "Detained at home after a search.",
    "Detained at work.",
    "Detained in the street.",
    "Detained at the border on return to Belarus.",
    "Detained after a search of the flat.",
    "Summoned for questioning and detained.",
    "Detained together with relatives; the relatives were released.",
    "",
    "",
)

GROUP_ARRESTS = (
    "Group arrest of members of a neighbourhood chat.",
    "Detention of a group of trade-union activists.",
    "Mass detention after a solidarity action.",
    "Group arrest of railway workers accused of sabotage.",
    "Group arrest of administrators of a local Telegram channel.",
    "Detention of participants of a courtyard concert.",
    "Group arrest after a raid on a printing workshop.",
)

ILL_TREATMENT = (
    "Beaten during arrest.",
    "Held in a punishment cell for several weeks.",
    "Forced to record a 'repentance' video.",
    "Placed on the list of 'prone to extremism' (yellow tag).",
    "Denied parcels and letters for months.",
)

MEDICAL_DENIAL = (
    "Medication sent by relatives was not passed on.",
    "Requests to see a doctor were refused.",
    "Transfer to hospital refused despite worsening health.",
)

HEALTH_NOTES: dict[str, tuple[str, ...]] = {
    "serious_illness": (
        "Type 2 diabetes.",
        "Heart disease.",
        "Oncological disease.",
        "Severe hypertension.",
        "Chronic kidney disease.",
        "Asthma.",
        "Tuberculosis diagnosed in custody.",
    ),
    "disability": (
        "Group II disability.",
        "Group III disability.",
        "Impaired vision.",
        "Hearing impairment.",
        "Limited mobility after an injury.",
    ),
    "mental_disorder": (
        "Depression.",
        "Post-traumatic stress.",
        "Diagnosed psychiatric condition.",
    ),
    "other": (
        "Lost much weight in custody.",
        "Chronic back pain.",
        "Dental treatment refused for months.",
    ),
}

NOTES = (
    "Synthetic record for demonstration.",
    "Synthetic record: letters reportedly not delivered.",
    "Synthetic record: relatives asked not to publish details.",
    "Synthetic record; all facts are invented.",
    "Synthetic record: has children under 18.",
)

SECOND_RECOGNISERS = ("BAJ", "Belarusian PEN")
CRITERIA = "Guidelines on the definition of political prisoners (2012)"
