/*
 * Word lists of the language guesser.  A word listed for several
 * languages counts for each of them, but less than a word only one
 * language uses; keep the lists to words that are frequent in patients'
 * messages, not to every word of the language.
 */
#include <stddef.h>

#include "lang_words.h"

const char *const lang_codes[LANG__MAX] = {
	"en", "fr", "pl", "es", "de", "it", "ro", "ur"
};

static const char *const words_en[] = {
	"the", "and", "you", "your", "you're", "is", "are", "was", "were",
	"do", "does", "did", "can", "could", "would", "should", "will",
	"i", "i'm", "im", "i've", "ive", "i'd", "my", "me", "what", "what's",
	"whats", "how", "when", "where", "who", "which", "why", "much",
	"many", "have", "has", "had", "for", "of", "to", "in", "on", "at",
	"with", "it", "it's", "its", "this", "that", "there", "there's",
	"please", "thanks", "thank", "hello", "hi", "hey", "yes", "yeah",
	"not", "don't", "dont", "can't", "cant", "be", "been", "about",
	"from", "any", "get", "if", "or", "just", "some", "an", "we",
	"they", "our", "us", "am", "today", "tomorrow", "morning",
	"afternoon", "evening", "open", "close", "time", "book", "see",
	"need", "want", "take", "pay", "cost", "price", "first",
	"next", "week", "knee", "back", "pain", "still", "but", "like",
	"u", "r", "ur", "hw", "wat", "pls", "plz", "thx", "n", "wanna",
	"gonna", "here", "after", "before", "each", "than", "then",
	"good", "know", "tell", "give", "ignore", "instructions", "only",
	"really", "because", "long", "help", "sorry", "sure", "accept",
	"insurance", "treat", "offer", "available", "free", "soon",
	"possible", "appointments", "cancel", "change", "bye", "fine",
	"no", "that's", "thats", "too", "great", "perfect", "works",
	NULL
};

static const char *const words_fr[] = {
	"le", "la", "les", "un", "une", "des", "du", "de", "et", "est",
	"je", "j'ai", "vous", "nous", "tu", "il", "elle", "ils", "pour",
	"avec", "dans", "sur", "pas", "ne", "que", "qui", "quoi", "quel",
	"quelle", "quand", "où", "comment", "combien", "c'est", "ce",
	"cette", "mon", "ma", "mes", "votre", "vos", "au", "aux", "oui",
	"non", "merci", "bonjour", "bonsoir", "salut", "svp", "s'il",
	"plaît", "plait", "voudrais", "veux", "peux", "pouvez", "avez",
	"êtes", "etes", "suis", "ai", "très", "tres", "plus", "mais", "ou",
	"aussi", "rendez", "séance", "seance", "douleur", "demain",
	"aujourd'hui", "matin", "soir", "acceptez", "prenez", "traitez",
	"faites", "parlez", "en", "ça", "ca", "y", "être", "faire",
	"mal", "genou", "épaule", "poitrine", "respirer", "plutôt",
	"plutot", "bien", "docteur", "semaine", "prochaine", "ouvert",
	"ouverts", "fermé", "heure", "heures", "blessures",
	"aider", "besoin", "assurance", "coûte", "coute", "prix", "payer",
	NULL
};

static const char *const words_pl[] = {
	"i", "w", "z", "na", "do", "nie", "się", "sie", "to", "jest",
	"czy", "jak", "co", "ile", "kiedy", "gdzie", "jaki", "jaka",
	"jakie", "tak", "dzień", "dzien", "dobry", "dobrze", "dziękuję",
	"dziekuje", "dzięki", "dzieki", "proszę", "prosze", "chciałbym",
	"chcialbym", "chciałabym", "chcialabym", "chcę", "chce", "mogę",
	"moge", "można", "mozna", "wizytę", "wizyte", "wizyta", "wizyty",
	"umówić", "umowic", "przy", "dla", "od", "po", "ale", "lub",
	"albo", "mam", "ma", "pan", "pani", "państwo", "jutro", "dzisiaj",
	"dziś", "dzis", "rano", "godzinie", "ból", "bol", "boli", "mnie",
	"mi", "mój", "moj", "moja", "moje", "są", "sa", "też", "tez",
	"tylko", "już", "juz", "cześć", "czesc", "witam", "kolano",
	"klinice", "klinika", "kosztuje", "ubezpieczenie", "przyjmujecie",
	"macie", "jesteście", "jestescie", "otwarte", "czynne", "który",
	"która", "ktora", "będzie", "bedzie", "może", "moze", "tydzień",
	"fizjoterapeuty", "lekarza", "termin", "wolny", "jaką", "ją", "u",
	NULL
};

static const char *const words_es[] = {
	"el", "la", "los", "las", "un", "una", "de", "del", "y", "en",
	"que", "qué", "es", "está", "esta", "están", "son", "por", "para",
	"con", "sin", "no", "sí", "si", "me", "mi", "mis", "su", "sus",
	"tu", "usted", "ustedes", "yo", "hola", "gracias", "buenos",
	"buenas", "días", "dias", "tardes", "noches", "quiero", "quisiera",
	"puedo", "puede", "pueden", "tienen", "tiene", "hay", "cuánto",
	"cuanto", "cuánta", "cuesta", "cita", "mañana", "manana", "hoy",
	"cómo", "como", "dónde", "donde", "cuándo", "cuando", "también",
	"tambien", "pero", "muy", "dolor", "aceptan", "seguro", "favor",
	"porque", "lo", "le", "al", "ya", "tengo", "necesito", "rodilla",
	"hombro", "abren", "abierto", "sábado", "sabado", "consulta",
	"precio", "hablan", "médico", "medico", "semana", "primera",
	"doctora", "espalda",
	NULL
};

static const char *const words_de[] = {
	"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen",
	"einem", "und", "ist", "sind", "ich", "sie", "wir", "du", "es",
	"mit", "für", "fur", "auf", "bei", "von", "zu", "im", "am", "an",
	"in", "nicht", "kein", "keine", "wie", "was", "wann", "wo",
	"warum", "viel", "kostet", "kosten", "haben", "habe", "hat",
	"kann", "können", "konnen", "möchte", "mochte", "würde", "wurde",
	"bitte", "danke", "hallo", "guten", "tag", "morgen", "abend",
	"termin", "heute", "auch", "aber", "oder", "noch", "ja", "nein",
	"schmerzen", "knie", "gibt", "hier", "geöffnet", "geoffnet",
	"samstag", "versicherung", "mein", "meine", "meinem", "brauche",
	"einer", "nächste", "woche", "uhr",
	NULL
};

static const char *const words_it[] = {
	"il", "lo", "la", "i", "gli", "le", "un", "una", "uno", "di",
	"del", "della", "dei", "e", "è", "non", "che", "chi", "per",
	"con", "da", "in", "su", "mi", "ti", "si", "ci", "io", "lei",
	"voi", "noi", "sono", "siete", "ha", "ho", "avete", "hanno",
	"vorrei", "posso", "può", "puo", "potete", "quanto", "quanta",
	"costa", "come", "dove", "quando", "perché", "perche",
	"buongiorno", "buonasera", "ciao", "grazie", "prego", "sì",
	"anche", "ma", "molto", "oggi", "domani", "mattina",
	"pomeriggio", "appuntamento", "visita", "dolore", "ginocchio",
	"accettate", "aperti", "aperto", "parlate", "questo", "questa",
	"al", "alla", "nel", "nella", "sabato", "prenotare", "assicurazione",
	"settimana", "prossima", "mio", "mia", "c'è", "bene", "bisogno",
	"prima", "consulta", "dottore", "dottoressa", "schiena",
	NULL
};

static const char *const words_ro[] = {
	"și", "si", "în", "la", "de", "pe", "cu", "un", "o",
	"este", "sunt", "sunteți", "sunteti", "aveți", "aveti", "vreau",
	"aș", "dori", "putea", "pot", "puteți", "puteti", "cât",
	"cat", "costă", "costa", "când", "cand", "unde", "cum", "ce",
	"bună", "buna", "ziua", "mulțumesc", "multumesc", "vă",
	"va", "rog", "mă", "nu", "da", "pentru", "programare", "mâine",
	"maine", "azi", "astăzi", "astazi", "dimineața", "dimineata",
	"lucrați", "lucrati", "sâmbăta", "sambata", "doare", "durere",
	"acceptați", "acceptati", "deschis", "aici", "din", "mai",
	"foarte", "sau", "dar", "meu", "mea", "dumneavoastră",
	"dumneavoastra", "dinte", "dintele", "săptămâna", "programa",
	NULL
};

static const char *const words_ur[] = {
	"hai", "hain", "hoon", "hun", "mujhe", "mujh", "mera", "meri",
	"mere", "aap", "ap", "apka", "aapka", "aapki", "apki", "aapke",
	"kya", "kyun", "kaise", "kaisa", "kab", "kahan", "kitna", "kitne",
	"kitni", "nahi", "nahin", "haan", "ji", "jee", "chahiye", "chahta",
	"chahti", "karna", "karni", "karein", "karen", "kar", "sakta",
	"sakti", "sakte", "hoga", "hogi", "tha", "thi", "ke", "ki", "ka",
	"ko", "mein", "aur", "ya", "bhi", "abhi", "aaj", "waqt", "dard",
	"theek", "thik", "shukriya", "meharbani", "salam", "assalam",
	"alaikum", "bohat", "bahut", "zyada", "kam", "wala", "wali",
	"khula", "khule", "khuli", "lekin", "agar", "phir", "yahan",
	"koi", "kuch", "sab", "baat", "bolte", "samajh", "daant",
	"hafte", "kal", "subah", "shaam", "milega", "milegi", "batayen",
	"bataiye", "ہے", "ہیں", "میں", "کیا", "آپ", "مجھے", "کا", "کی",
	"کے", "سے", "ہوں", "چاہیے",
	NULL
};

const char *const *const lang_words[LANG__MAX] = {
	words_en, words_fr, words_pl, words_es, words_de, words_it,
	words_ro, words_ur
};

const struct lang_name lang_names[] = {
	{ "english", LANG_EN }, { "anglais", LANG_EN },
	{ "angielsku", LANG_EN }, { "angielski", LANG_EN },
	{ "inglés", LANG_EN }, { "ingles", LANG_EN },
	{ "englisch", LANG_EN }, { "inglese", LANG_EN },
	{ "engleză", LANG_EN }, { "engleza", LANG_EN },
	{ "englezește", LANG_EN }, { "angrezi", LANG_EN },
	{ "انگریزی", LANG_EN },
	{ "french", LANG_FR }, { "français", LANG_FR },
	{ "francais", LANG_FR }, { "francusku", LANG_FR },
	{ "francuski", LANG_FR }, { "francés", LANG_FR },
	{ "frances", LANG_FR }, { "französisch", LANG_FR },
	{ "franzosisch", LANG_FR }, { "francese", LANG_FR },
	{ "franceză", LANG_FR }, { "franceza", LANG_FR },
	{ "polish", LANG_PL }, { "polonais", LANG_PL },
	{ "polsku", LANG_PL }, { "polski", LANG_PL },
	{ "polaco", LANG_PL }, { "polnisch", LANG_PL },
	{ "polacco", LANG_PL }, { "poloneză", LANG_PL },
	{ "poloneza", LANG_PL },
	{ "spanish", LANG_ES }, { "espagnol", LANG_ES },
	{ "español", LANG_ES }, { "espanol", LANG_ES },
	{ "castellano", LANG_ES }, { "hiszpańsku", LANG_ES },
	{ "hiszpansku", LANG_ES }, { "hiszpański", LANG_ES },
	{ "spanisch", LANG_ES }, { "spagnolo", LANG_ES },
	{ "spaniolă", LANG_ES }, { "spaniola", LANG_ES },
	{ "german", LANG_DE }, { "allemand", LANG_DE },
	{ "niemiecku", LANG_DE }, { "niemiecki", LANG_DE },
	{ "alemán", LANG_DE }, { "aleman", LANG_DE },
	{ "deutsch", LANG_DE }, { "tedesco", LANG_DE },
	{ "germană", LANG_DE }, { "germana", LANG_DE },
	{ "italian", LANG_IT }, { "italien", LANG_IT },
	{ "italiano", LANG_IT }, { "włosku", LANG_IT },
	{ "wlosku", LANG_IT }, { "włoski", LANG_IT },
	{ "italienisch", LANG_IT }, { "italiană", LANG_IT },
	{ "italiana", LANG_IT },
	{ "romanian", LANG_RO }, { "roumain", LANG_RO },
	{ "rumuńsku", LANG_RO }, { "rumunsku", LANG_RO },
	{ "rumuński", LANG_RO }, { "rumano", LANG_RO },
	{ "rumänisch", LANG_RO }, { "rumeno", LANG_RO },
	{ "română", LANG_RO }, { "romana", LANG_RO },
	{ "românește", LANG_RO }, { "romaneste", LANG_RO },
	{ "urdu", LANG_UR }, { "ourdou", LANG_UR }, { "اردو", LANG_UR },
	{ NULL, LANG__MAX }
};

const char *const lang_cues_before[] = {
	"in", "en", "po", "auf", "în", "speak", "talk", "write",
	"reply", "answer", "respond", "switch", "parler", "parlez",
	"parles", "hablar", "habla", "hablas", "hablan", "hablamos",
	"sprechen", "sprichst", "parlare", "parla", "parlate",
	"parli", "vorbi", "vorbiți", "vorbiti", "vorbește", "vorbeste",
	"mówić", "mowic", "mówicie", "mowicie", "mówisz", "mowisz",
	NULL
};

const char *const lang_cues_after[] = {
	"please", "pls", "plz", "svp", "bitte", "por", "per", "proszę",
	"prosze", "mein", "main", "me", "bolte", "bolo", "bol", "baat",
	"vă", "va", "prego",
	NULL
};

const char *const lang_negations[] = {
	"not", "don't", "dont", "can't", "cant", "cannot", "no", "pas",
	"nie", "nicht", "kein", "non", "nu", "nahi", "nahin", "never",
	"doesn't", "doesnt",
	NULL
};

const char *const lang_third_party[] = {
	"anyone", "anybody", "someone", "somebody", "who", "staff",
	"doctor", "dentist", "physio", "dr", "he", "she", "they",
	"quelqu'un", "ktoś", "ktos", "alguien", "jemand", "qualcuno",
	"cineva", "koi",
	NULL
};
