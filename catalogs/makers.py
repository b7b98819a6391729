"""Makers of aftermarket parts, as customers write them: read beside part numbers and told apart from cars."""

# a pattern, for the words around a number («MANN W 914/2») and after a car («на камри 40 TRW колодки»)
AFTERMARKET_MAKERS = (
    r"mann|манн|mahle|махле|knecht|filtron|фильтрон|sakura|сакура|trw|gates|гейтс|lemf[oö]rder|лемфердер"
    r"|sachs|febi|феби|skf|dayco|contitech|ngk|denso|valeo|luk|ina|brembo|брембо|ate|textar|kyb|kayaba|каяба|кайаба|hella"
    r"|lynx|лынкс|ruville|swag|meyle|mapco|nipparts|japanparts|zekkert|bosch|бош|big\s+filter|биг\s+фильтр"
)
