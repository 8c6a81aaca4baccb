"""Russian formats where Django's differ: a day and month in the genitive
("12 февраля", not "12 Февраль"); everything else is Django's own."""

MONTH_DAY_FORMAT = "j E"
