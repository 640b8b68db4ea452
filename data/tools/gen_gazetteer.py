#!/usr/bin/env python3
"""Generate data/gazetteer-fr.tsv from the shared countries_fr.tsv plus hand-written French data.
Usage: python3 tools/gen_gazetteer.py /work/shared/data/gazetteer/countries_fr.tsv > data/gazetteer-fr.tsv
"""
import csv, sys, unicodedata, re

SRC = sys.argv[1]

# Non-sovereign territories: lose demonym collisions against sovereign states.
TERRITORIES = set("AS AI AQ AW AX BL BM BQ BV CC CK CW CX FK FO GF GG GI GL GP GS GU HK HM IM IO JE KY MF MO MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX TC TF TK UM VG VI WF YT".split())

# Display names (override the mledoze common name where French news usage differs).
DISPLAY = {"CD": "République démocratique du Congo", "CG": "Congo-Brazzaville", "KR": "Corée du Sud",
           "KP": "Corée du Nord", "TR": "Turquie", "RU": "Russie", "IR": "Iran", "SY": "Syrie",
           "PS": "Palestine", "TW": "Taïwan", "VA": "Vatican", "MM": "Birmanie", "US": "États-Unis",
           "GB": "Royaume-Uni", "VN": "Viêt Nam", "XK": "Kosovo", "MU": "Maurice", "BY": "Biélorussie",
           "MD": "Moldavie", "CZ": "Tchéquie", "EH": "Sahara occidental", "LA": "Laos", "BO": "Bolivie",
           "VE": "Venezuela", "TZ": "Tanzanie", "FM": "Micronésie", "MO": "Macao", "CI": "Côte d'Ivoire"}

# Single-word names that are common first names/words: never matched alone (documented in mod.rs).
DROP_FORMS = {"maurice", "dominique", "grenade", "hollande", "georgia", "jordan", "man", "christmas",
              "salomon", "cook", "vierges", "heard", "macdonald", "norfolk", "bouvet", "saint martin",
              "victoria", "kingston", "hamilton", "georgetown", "the valley", "road town", "saint john s",
              "port aux francais", "avarua", "washington d c", "reunion", "jersey", "guernesey", "sucre",
              "nassau", "santiago", "male", "east", "west island", "saint pierre", "jamestown", "basseterre",
              "castries", "roseau", "melekeok", "palikir", "majuro", "tarawa", "yaren", "funafuti",
              "lobamba", "banjul", "victoria", "plymouth", "bridgetown", "kingstown", "saint george s",
              "papouasie", "samoa", "nouvelle guinee"}

# French capitals (hand-written; names are facts).
CAPITALS = {
 "AF": ["Kaboul"], "AL": ["Tirana"], "DZ": ["Alger"], "AD": ["Andorre-la-Vieille"], "AO": ["Luanda"],
 "AR": ["Buenos Aires"], "AM": ["Erevan", "Erevan"], "AU": ["Canberra"], "AT": ["Vienne"], "AZ": ["Bakou"],
 "BH": ["Manama"], "BD": ["Dacca", "Dhaka"], "BY": ["Minsk"], "BE": ["Bruxelles"], "BJ": ["Porto-Novo", "Cotonou"],
 "BT": ["Thimphou"], "BO": ["La Paz"], "BA": ["Sarajevo"], "BW": ["Gaborone"], "BR": ["Brasilia", "Brasília"],
 "BN": ["Bandar Seri Begawan"], "BG": ["Sofia"], "BF": ["Ouagadougou", "Ouaga"], "BI": ["Gitega", "Bujumbura"],
 "KH": ["Phnom Penh"], "CM": ["Yaoundé"], "CA": ["Ottawa"], "CV": ["Praia"], "CF": ["Bangui"], "TD": ["N'Djamena", "Ndjamena"],
 "CL": [], "CN": ["Pékin", "Beijing"], "CO": ["Bogota", "Bogotá"], "KM": ["Moroni"], "CD": ["Kinshasa"],
 "CG": ["Brazzaville"], "CR": ["San José"], "CI": ["Yamoussoukro"], "HR": ["Zagreb"], "CU": ["La Havane"],
 "CY": ["Nicosie"], "CZ": ["Prague"], "DK": ["Copenhague"], "DJ": [], "DO": ["Saint-Domingue"],
 "EC": ["Quito"], "EG": ["Le Caire"], "SV": ["San Salvador"], "GQ": ["Malabo"], "ER": ["Asmara"],
 "EE": ["Tallinn"], "SZ": ["Mbabane"], "ET": ["Addis-Abeba"], "FJ": ["Suva"], "FI": ["Helsinki"],
 "FR": ["Paris"], "GA": ["Libreville"], "GM": [], "GE": ["Tbilissi"], "DE": ["Berlin"], "GH": ["Accra"],
 "GR": ["Athènes"], "GT": ["Guatemala City"], "GN": ["Conakry"], "GW": [], "GY": [], "HT": ["Port-au-Prince"],
 "HN": ["Tegucigalpa"], "HU": ["Budapest"], "IS": ["Reykjavik"], "IN": ["New Delhi", "Delhi"], "ID": ["Jakarta"],
 "IR": ["Téhéran"], "IQ": ["Bagdad"], "IE": ["Dublin"], "IL": ["Jérusalem", "Tel-Aviv"], "IT": ["Rome"],
 "JM": [], "JP": ["Tokyo"], "JO": ["Amman"], "KZ": ["Astana"], "KE": ["Nairobi"], "KW": [], "KG": ["Bichkek"],
 "LA": ["Vientiane"], "LV": ["Riga"], "LB": ["Beyrouth"], "LS": ["Maseru"], "LR": ["Monrovia"], "LY": ["Tripoli"],
 "LI": ["Vaduz"], "LT": ["Vilnius"], "LU": [], "MG": ["Antananarivo", "Tananarive"], "MW": ["Lilongwe"],
 "MY": ["Kuala Lumpur"], "MV": [], "ML": ["Bamako"], "MT": ["La Valette"], "MR": ["Nouakchott"],
 "MU": ["Port-Louis"], "MX": ["Mexico"], "MD": ["Chisinau", "Chișinău"], "MC": [], "MN": ["Oulan-Bator"],
 "ME": ["Podgorica"], "MA": ["Rabat"], "MZ": ["Maputo"], "MM": ["Naypyidaw", "Rangoun"], "NA": ["Windhoek"],
 "NP": ["Katmandou"], "NL": ["Amsterdam", "La Haye"], "NZ": ["Wellington"], "NI": ["Managua"], "NE": ["Niamey"],
 "NG": ["Abuja"], "KP": ["Pyongyang"], "MK": ["Skopje"], "NO": ["Oslo"], "OM": ["Mascate"], "PK": ["Islamabad"],
 "PS": ["Ramallah", "Gaza"], "PA": [], "PG": ["Port Moresby"], "PY": ["Asuncion", "Asunción"], "PE": ["Lima"],
 "PH": ["Manille"], "PL": ["Varsovie"], "PT": ["Lisbonne"], "QA": ["Doha"], "RO": ["Bucarest"],
 "RU": ["Moscou"], "RW": ["Kigali"], "SA": ["Riyad", "Riad"], "SN": ["Dakar"], "RS": ["Belgrade"],
 "SL": ["Freetown"], "SG": [], "SK": ["Bratislava"], "SI": ["Ljubljana"], "SO": ["Mogadiscio"],
 "ZA": ["Pretoria"], "KR": ["Séoul"], "SS": ["Juba"], "ES": ["Madrid"], "LK": ["Colombo"], "SD": ["Khartoum"],
 "SR": ["Paramaribo"], "SE": ["Stockholm"], "CH": ["Berne"], "SY": ["Damas"], "TW": ["Taipei", "Taipeh"],
 "TJ": ["Douchanbé"], "TZ": ["Dodoma", "Dar es Salaam"], "TH": ["Bangkok"], "TL": ["Dili"], "TG": ["Lomé"],
 "TN": ["Tunis"], "TR": ["Ankara"], "TM": ["Achgabat"], "UG": ["Kampala"], "UA": ["Kiev", "Kyiv", "Kiïv"],
 "AE": ["Abou Dhabi", "Abu Dhabi"], "GB": ["Londres"], "US": ["Washington"], "UY": ["Montevideo"],
 "UZ": ["Tachkent"], "VE": ["Caracas"], "VN": ["Hanoï", "Hanoi"], "YE": ["Sanaa"], "ZM": ["Lusaka"],
 "ZW": ["Harare"], "XK": ["Pristina"], "VA": [], "AG": [], "BS": [], "BZ": ["Belmopan"], "WS": ["Apia"],
 "ST": ["São Tomé", "Sao Tomé"], "SC": [], "TO": [], "TT": [], "VU": ["Port-Vila"], "SB": ["Honiara"], "KI": [], "NR": [],
 "TV": [], "MH": [], "PW": [], "FM": [], "LC": [], "VC": [], "KN": [], "DM": [], "GD": [], "BB": [], "SM": [],
}

# Metonyms: seats of power and press shorthands for a country or its government.
METONYMS = {
 "FR": ["Élysée", "l'Élysée", "Quai d'Orsay", "Matignon", "Hexagone", "l'Hexagone", "place Beauvau", "Bercy"],
 "US": ["Maison Blanche", "Maison-Blanche", "Pentagone", "Département d'État", "Congrès américain", "Wall Street", "outre-Atlantique", "Oncle Sam"],
 "RU": ["Kremlin"], "GB": ["Downing Street", "outre-Manche", "Westminster", "Angleterre", "Grande-Bretagne", "Écosse", "Pays de Galles", "Irlande du Nord"],
 "DE": ["outre-Rhin", "Bundestag", "chancellerie allemande"], "CN": ["Zhongnanhai", "empire du Milieu", "Cité interdite"],
 "MA": ["royaume chérifien", "Royaume chérifien", "Makhzen", "royaume alaouite"], "VA": ["Saint-Siège", "Vatican"],
 "IL": ["Knesset", "État hébreu", "Etat hébreu"], "UA": ["Rada"], "BE": ["royaume belge"], "ES": ["Moncloa"],
 "IT": ["palais Chigi", "Quirinal"], "JP": ["archipel nippon"], "EG": ["Al-Azhar"], "DZ": ["El Mouradia"],
 "PS": ["bande de Gaza", "Cisjordanie", "territoires palestiniens", "Territoires palestiniens", "Autorité palestinienne", "Hamas"],
 "TR": ["Türkiye", "Turkiye"], "EH": ["Sahara occidental", "Polisario", "Front Polisario"],
}

# More press shorthands, and national teams' nicknames (the guidelines count a national team as its country;
# "Bleus" needs capitals, and "Casques bleus" is blocked below). Nicknames that are also common words when
# capitalised at a sentence start (Éléphants, Pharaons, Étalons, la Roja of both Spain and Chile) are left out.
for _c, _forms in {
 "GB": ["palais de Buckingham", "Buckingham Palace"], "JP": ["pays du Soleil-Levant", "empire du Soleil-Levant"],
 "FR": ["Bleus", "Bleues"], "DZ": ["Fennecs"], "MA": ["Lions de l'Atlas"], "SN": ["Lions de la Teranga"],
 "CM": ["Lions indomptables"], "TN": ["Aigles de Carthage"], "NG": ["Super Eagles"], "GH": ["Black Stars"],
 "BR": ["Seleção", "Seleçao"], "AR": ["Albiceleste"], "DE": ["Mannschaft"], "NL": ["Oranje"], "NZ": ["All Blacks"],
 "ZA": ["Springboks", "Bafana Bafana"], "IT": ["Squadra Azzurra"],
}.items():
    METONYMS.setdefault(_c, []).extend(_forms)

# Major non-capital cities (weak evidence; weight set in code).
CITIES = {
 "MA": ["Casablanca", "Marrakech", "Tanger", "Fès", "Agadir", "Oujda", "Laâyoune", "Dakhla", "Meknès"],
 "DZ": ["Oran", "Constantine", "Annaba", "Tizi Ouzou"], "TN": ["Sfax", "Sousse", "Djerba", "Bizerte", "Kairouan"],
 "CI": ["Abidjan", "Bouaké"], "NG": ["Lagos", "Kano", "Port Harcourt", "Ibadan", "Maiduguri"],
 "ZA": ["Johannesburg", "Le Cap", "Durban", "Soweto"], "CM": ["Douala", "Bamenda"], "KE": ["Mombasa", "Kisumu"],
 "EG": ["Alexandrie", "Charm el-Cheikh", "Louxor", "Assouan"], "TR": ["Istanbul"], "RU": ["Saint-Pétersbourg", "Sibérie", "Tchétchénie"],
 "UA": ["Kharkiv", "Kharkov", "Odessa", "Marioupol", "Donbass", "Donetsk", "Louhansk", "Kherson", "Zaporijia", "Crimée", "Boutcha", "Lviv", "Dnipro", "Bakhmout"],
 "CN": ["Shanghai", "Wuhan", "Xinjiang", "Tibet", "Canton", "Shenzhen"], "IN": ["Bombay", "Mumbai", "Calcutta", "Bangalore"],
 "PK": ["Karachi", "Lahore"], "US": ["New York", "Los Angeles", "Chicago", "San Francisco", "Californie", "Texas", "Floride", "Silicon Valley"],
 "CA": ["Montréal", "Toronto", "Vancouver"], "BR": ["Rio de Janeiro", "Sao Paulo", "São Paulo"], "ES": ["Barcelone", "Séville", "Catalogne", "Ceuta", "Melilla", "Valence"],
 "IT": ["Milan", "Naples", "Florence", "Venise", "Sicile", "Lampedusa"], "DE": ["Munich", "Francfort", "Hambourg", "Cologne"],
 "GB": ["Manchester", "Birmingham", "Édimbourg", "Glasgow"], "AU": ["Sydney", "Melbourne"], "SN": ["Thiès", "Saint-Louis", "Ziguinchor", "Touba"],
 "ML": ["Tombouctou", "Gao", "Kidal", "Mopti", "Ménaka"], "BF": ["Bobo-Dioulasso"], "NE": ["Agadez", "Zinder"],
 "CD": ["Goma", "Lubumbashi", "Kivu", "Nord-Kivu", "Sud-Kivu", "Ituri", "Bukavu"], "ET": ["Tigré"], "SD": ["Darfour"],
 "FR": ["Marseille", "Lyon", "Toulouse", "Bordeaux", "Lille", "Strasbourg", "Nantes", "Montpellier", "Rennes", "Corse", "Bretagne", "Normandie", "Île-de-France"],
 "IL": ["Haïfa"], "SY": ["Alep", "Idlib"], "IQ": ["Mossoul", "Kurdistan irakien"], "AF": ["Kandahar"], "LY": ["Benghazi"],
 "SA": ["Djeddah", "La Mecque"], "AE": ["Dubaï"], "VN": ["Hô Chi Minh-Ville"], "CH": ["Genève", "Zurich", "Lausanne"],
 "BE": ["Anvers", "Liège", "Wallonie", "Flandre"], "GH": ["Kumasi"], "RW": [], "SO": ["Puntland", "Somaliland"],
}
# More cities, regions and US states. Left out on purpose: forms that are common first names or words, or that
# name places in several countries (Virginie, Maine, Indiana, Mississippi, Perth, Cambridge, Hyderabad, Tripoli,
# Cachemire, Pays basque, Capitole).
for _c, _forms in {
 "US": ["Alabama", "Alaska", "Arizona", "Arkansas", "Caroline du Nord", "Caroline du Sud", "Colorado", "Connecticut",
        "Dakota du Nord", "Dakota du Sud", "Delaware", "Hawaï", "Idaho", "Illinois", "Iowa", "Kansas", "Kentucky",
        "Louisiane", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Missouri", "Montana", "Nebraska", "Nevada",
        "New Hampshire", "New Jersey", "Nouveau-Mexique", "Ohio", "Oklahoma", "Oregon", "Pennsylvanie", "Rhode Island",
        "Tennessee", "Utah", "Vermont", "Wisconsin", "Wyoming", "Boston", "Miami", "Seattle", "Houston", "Dallas",
        "Las Vegas", "Philadelphie", "La Nouvelle-Orléans", "Hollywood", "Manhattan", "Brooklyn"],
 "CA": ["Québec", "Ontario", "Alberta", "Colombie-Britannique"],
 "GB": ["Liverpool", "Leeds", "Oxford", "Belfast", "Cardiff", "Bristol", "Newcastle", "Sheffield"],
 "JP": ["Osaka", "Kyoto", "Hiroshima", "Fukushima", "Okinawa"], "ID": ["Bali"], "BR": ["Rio"],
 "CN": ["Tianjin", "Chongqing", "Hangzhou", "Qingdao", "Guangzhou"],
 "UA": ["Izioum", "Kramatorsk", "Soumy", "Tchernihiv", "Mykolaïv", "Severodonetsk", "Lyssytchansk", "Irpin",
        "Zaporijjia", "Melitopol", "Tchernobyl"],
 "RU": ["Belgorod", "Koursk", "Kaliningrad", "Novossibirsk", "Sotchi"],
 "DE": ["Düsseldorf", "Stuttgart", "Dresde", "Leipzig", "Bavière"],
 "ES": ["Bilbao", "Malaga", "Andalousie", "Canaries", "Majorque", "Saragosse"],
 "IT": ["Turin", "Gênes", "Bologne", "Sardaigne", "Lombardie", "Palerme"], "TR": ["Izmir", "Antalya", "Gaziantep"],
 "IR": ["Ispahan", "Mashhad", "Chiraz"], "IQ": ["Bassora", "Erbil", "Kirkouk"], "SY": ["Homs", "Raqqa"],
 "AF": ["Hérat"], "IN": ["Chennai", "Kolkata", "Goa"], "PK": ["Peshawar", "Rawalpindi"],
 "AU": ["Brisbane", "Adélaïde"], "MX": ["Guadalajara", "Monterrey", "Tijuana", "Cancún"], "EG": ["Suez"],
 "SA": ["Médine"],
}.items():
    CITIES.setdefault(_c, []).extend(_forms)

# Heads of state/government and well-known leaders (weak evidence, weight set in code).
PERSONS = {
 "FR": ["Emmanuel Macron", "Macron", "Élisabeth Borne", "Elisabeth Borne", "Gabriel Attal", "Michel Barnier", "François Bayrou", "Sébastien Lecornu", "Gérald Darmanin", "Bruno Le Maire", "Marine Le Pen", "Jean-Luc Mélenchon", "Laurent Nuñez", "Laurent Nunez", "Catherine Colonna", "Jean-Noël Barrot", "Bruno Retailleau"],
 "RU": ["Vladimir Poutine", "Poutine", "Sergueï Lavrov", "Lavrov", "Dmitri Peskov"],
 "UA": ["Volodymyr Zelensky", "Zelensky", "Zelenski", "Dmytro Kouleba"],
 "US": ["Joe Biden", "Biden", "Donald Trump", "Trump", "Kamala Harris", "Antony Blinken", "Blinken", "Barack Obama", "Marco Rubio"],
 "CN": ["Xi Jinping", "Wang Yi"], "TR": ["Recep Tayyip Erdogan", "Erdogan", "Erdoğan"],
 "MA": ["Mohammed VI", "Nasser Bourita", "Aziz Akhannouch", "Akhannouch", "Abdelouafi Laftit"],
 "DZ": ["Abdelmadjid Tebboune", "Tebboune"], "TN": ["Kaïs Saïed", "Kais Saied"],
 "IL": ["Benyamin Nétanyahou", "Nétanyahou", "Netanyahou", "Naftali Bennett", "Yaïr Lapid"],
 "DE": ["Olaf Scholz", "Angela Merkel", "Friedrich Merz"], "GB": ["Boris Johnson", "Liz Truss", "Rishi Sunak", "Keir Starmer", "Charles III", "Elizabeth II"],
 "IT": ["Giorgia Meloni", "Mario Draghi"], "ES": ["Pedro Sánchez", "Pedro Sanchez"], "BR": ["Lula", "Jair Bolsonaro", "Bolsonaro"],
 "IN": ["Narendra Modi"], "SN": ["Macky Sall", "Ousmane Sonko", "Bassirou Diomaye Faye"], "CI": ["Alassane Ouattara"],
 "ML": ["Assimi Goïta", "Assimi Goita"], "BF": ["Ibrahim Traoré"], "NG": ["Bola Tinubu", "Muhammadu Buhari"],
 "CD": ["Félix Tshisekedi", "Tshisekedi"], "RW": ["Paul Kagame", "Kagame"], "CM": ["Paul Biya"], "EG": ["Abdel Fattah al-Sissi", "al-Sissi"],
 "KP": ["Kim Jong-un"], "IR": ["Ali Khamenei", "Ebrahim Raïssi"], "SY": ["Bachar Al-Assad", "Bachar al-Assad"], "BY": ["Alexandre Loukachenko", "Loukachenko"],
 "HU": ["Viktor Orban", "Viktor Orbán"], "PS": ["Mahmoud Abbas"], "ZA": ["Cyril Ramaphosa"], "KE": ["William Ruto"], "GH": ["Nana Akufo-Addo"],
 "VA": ["pape François", "pape Léon XIV"], "CA": ["Justin Trudeau", "Trudeau"], "JP": ["Fumio Kishida"],
 "AU": ["Anthony Albanese"], "MX": ["Andrés Manuel López Obrador", "López Obrador"], "AR": ["Javier Milei"],
 "SA": ["Mohammed Ben Salman", "Mohammed ben Salmane"], "VE": ["Nicolas Maduro", "Maduro"], "ET": ["Abiy Ahmed"],
 "GN": ["Mamadi Doumbouya"], "NE": ["Abdourahamane Tiani"], "TD": ["Mahamat Idriss Déby"], "KR": ["Yoon Suk-yeol"],
 "PL": ["Andrzej Duda"],
}

# Domestic-politics evidence (weak; the learned salience model weighs it): parties, institutions and
# politicians specific to one country's internal affairs, for stories that never name their own country
# ("les députés LR", "Mme Pécresse"). Only proper nouns unlikely elsewhere in francophone news: the
# generic "Assemblée nationale", "Sénat" and "gouvernement" also exist in Senegal, Mali, Cameroon...
# Overseas departments keep their own ISO codes (GP, MQ, YT...), as the annotators use them.
DOMESTIC = {
 "FR": ["Palais-Bourbon", "Conseil constitutionnel", "Cour des comptes", "Rassemblement national", "RN", "LFI",
        "France insoumise", "Nupes", "LR", "Les Républicains", "EELV", "Parti socialiste", "Reconquête", "MoDem",
        "PCF", "CGT", "CFDT", "SNCF", "Insee", "Sécurité sociale", "Ehpad", "TF1", "Pôle emploi", "Urssaf",
        "Marine Le Pen", "Le Pen", "Mélenchon", "Zemmour", "Éric Zemmour", "Darmanin", "Dupond-Moretti", "Véran",
        "Bardella", "Ciotti", "Pécresse", "Hidalgo", "Jadot", "Ruffin", "Quatennens", "Wauquiez", "Sarkozy",
        "François Hollande", "Braun-Pivet", "Castex", "Dussopt", "Pap Ndiaye", "Édouard Philippe", "Larcher",
        "Roussel", "Borne", "Mitterrand", "Chirac", "Nice", "Grenoble", "Rouen", "Toulon", "Reims", "Le Havre",
        "Dijon", "Seine-Saint-Denis", "Pas-de-Calais", "Gironde", "Ile-de-France",
        "Hauts-de-France", "Occitanie", "Alsace",
        # National bodies whose names exist only in France.
        "Banque de France", "CNIL", "Arcom", "DGSI", "DGSE", "Parquet national financier", "PNF",
        "parquet national antiterroriste", "PNAT", "Cour de justice de la République", "Medef", "Force ouvrière",
        "RATP", "EDF", "Haute Autorité de santé", "agence régionale de santé", "palais du Luxembourg", "CAC 40",
        "Sciences Po", "Ofpra", "OQTF", "CRS", "Smic", "Parcoursup", "RER", "CSG", "Unédic",
        # Demonyms of the capital region.
        "parisien", "parisienne", "parisiens", "parisiennes", "francilien", "francilienne", "franciliens",
        "franciliennes",
        # Regions (current and former) and départements.
        "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Centre-Val de Loire", "Grand Est", "Nouvelle-Aquitaine",
        "Pays de la Loire", "Provence-Alpes-Côte d'Azur", "PACA", "Côte d'Azur", "Provence", "Bourgogne", "Lorraine",
        "Picardie", "Aquitaine", "Auvergne", "Limousin", "Savoie", "Haute-Savoie", "Hauts-de-Seine", "Val-de-Marne",
        "Val-d'Oise", "Essonne", "Yvelines", "Seine-et-Marne", "Bouches-du-Rhône", "Alpes-Maritimes", "Haute-Garonne",
        "Loire-Atlantique", "Ille-et-Vilaine", "Finistère", "Morbihan", "Bas-Rhin", "Haut-Rhin", "Hérault", "Vaucluse",
        "Isère", "Dordogne", "Ardèche", "Drôme", "Aveyron", "Seine-Maritime",
        # Large and well-known cities.
        "Saint-Étienne", "Angers", "Nîmes", "Villeurbanne", "Clermont-Ferrand", "Le Mans", "Aix-en-Provence", "Amiens",
        "Limoges", "Perpignan", "Metz", "Besançon", "Caen", "Mulhouse", "Avignon", "Poitiers", "Calais", "Bayonne",
        "La Rochelle", "Ajaccio", "Bastia", "Lorient", "Nanterre", "Créteil", "Bobigny", "Versailles", "Cannes", "Lens",
        "Valenciennes", "Dunkerque", "Annecy", "Chambéry", "Cherbourg", "Saint-Nazaire", "Quimper", "Vannes",
        "Montreuil", "Argenteuil", "Roubaix", "Tourcoing"],
}

# Generic national-institution cues (code "*"): every country has a parliament, prefects, a police and a first
# football division, so these words say "a domestic story" without saying whose; they count for the outlet's home
# country only (CountryTagger::tag_with_home), and never as a mention of any country.
HOME_CUES = ["Assemblée nationale", "Sénat", "sénateur", "sénateurs", "sénatrice", "sénatrices", "député", "députée",
             "députés", "députées", "Parlement", "Conseil d'État", "Cour de cassation", "Conseil des ministres",
             "procureur de la République", "tribunal correctionnel", "tribunal judiciaire", "tribunal administratif",
             "cour d'assises", "cour d'appel", "garde à vue", "police nationale", "gendarmerie", "gendarme", "gendarmes",
             "préfet", "préfète", "préfets", "préfecture", "sapeurs-pompiers", "conseil municipal", "Éducation nationale",
             "ministre de l'Intérieur", "ministère de l'Intérieur", "élections législatives", "législatives",
             "présidentielle", "municipales", "régionales", "sénatoriales", "Ligue 1", "Ligue 2"]

# Hand-written extra names/variants (alt) and demonyms.
ALT = {
 "US": ["États-Unis", "Etats-Unis", "Amérique", "États-Unis d'Amérique"], "GB": ["Royaume-Uni", "Royaume Uni"],
 "CD": ["République démocratique du Congo", "RD Congo", "RD-Congo", "Congo-Kinshasa", "Congo Kinshasa", "République démocratique congolaise"],
 "CG": ["République du Congo", "Congo-Brazzaville", "Congo Brazzaville"], "TR": ["Turquie"], "KR": ["Corée du Sud"], "KP": ["Corée du Nord"],
 "CZ": ["République tchèque", "Tchéquie"], "MM": ["Myanmar", "Birmanie"], "BY": ["Bélarus", "Biélorussie", "Belarus"], "MD": ["Moldavie", "Moldova"],
 "VN": ["Vietnam", "Viêt Nam", "Viet Nam", "Viêtnam"], "XK": ["Kosovo"], "MU": ["île Maurice", "Île Maurice"], "LA": ["Laos"],
 "SS": ["Sud-Soudan"], "TL": ["Timor oriental", "Timor-Leste"], "IQ": ["Iraq"], "NL": ["Pays-Bas"], "CV": ["Cap-Vert", "Cabo Verde"],
 "MK": ["Macédoine"], "SZ": ["Swaziland"], "IR": ["Iran"], "SY": ["Syrie"], "VE": ["Venezuela", "Vénézuela"], "RU": ["Russie", "Fédération de Russie"],
 "PS": ["Palestine", "État de Palestine"], "TW": ["Taïwan", "Taiwan", "Formose"], "KE": ["Kenya"], "NG": ["Nigéria", "Nigeria"],
 "LR": ["Liberia", "Libéria"], "SA": ["Arabie saoudite", "Arabie Saoudite"], "AE": ["Émirats arabes unis", "Emirats", "Émirats"],
 "CI": ["Côte-d'Ivoire"], "VA": ["Cité du Vatican"], "HK": ["Hongkong"], "SG": ["Singapour"], "BA": ["Bosnie"], "GW": ["Guinée Bissau"],
 "GQ": ["Guinée équatoriale"], "BO": ["Bolivie"], "TZ": ["Tanzanie"], "FM": ["Micronésie"], "MO": ["Macao"],
}
DEMONYMS = {  # extra masculine/feminine singulars; plurals generated
 "US": [("Américain", "Américaine"), ("États-unien", "États-unienne"), ("Etats-unien", "Etats-unienne"), ("Afro-Américain", "Afro-Américaine")],
 "GB": [("Anglais", "Anglaise"), ("Écossais", "Écossaise"), ("Gallois", "Galloise")],
 "KR": [("Sud-Coréen", "Sud-Coréenne")], "KP": [("Nord-Coréen", "Nord-Coréenne")], "NE": [("Nigérien", "Nigérienne")],
 "NG": [("Nigérian", "Nigériane"), ("Nigerian", "Nigeriane")],
 "AE": [("Émirien", "Émirienne"), ("Émirati", "Émiratie")], "QA": [("Qatari", "Qatarie"), ("Qatarien", "Qatarienne")],
 "BF": [("Burkinabè", "Burkinabè"), ("Burkinabé", "Burkinabée"), ("Burkinabe", "Burkinabe")], "XK": [("Kosovar", "Kosovare")],
 "PS": [("Palestinien", "Palestinienne")], "EH": [("Sahraoui", "Sahraouie")], "NZ": [("Néo-Zélandais", "Néo-Zélandaise")],
 "SA": [("Saoudien", "Saoudienne")], "IL": [("Israélien", "Israélienne")], "CZ": [("Tchèque", "Tchèque")], "MM": [("Birman", "Birmane")],
 "KE": [("Kényan", "Kényane"), ("Kenyan", "Kenyane")], "BY": [("Bélarusse", "Bélarusse"), ("Biélorusse", "Biélorusse")],
 "VN": [("Vietnamien", "Vietnamienne")], "TW": [("Taïwanais", "Taïwanaise")], "LR": [("Libérien", "Libérienne")],
 "GW": [("Bissau-Guinéen", "Bissau-Guinéenne")], "GQ": [("Équato-Guinéen", "Équato-Guinéenne")], "SS": [("Sud-Soudanais", "Sud-Soudanaise")],
 "ZA": [("Sud-Africain", "Sud-Africaine")], "IQ": [("Iraquien", "Iraquienne")], "AF": [("Afghan", "Afghane")],
 "CV": [("Cap-Verdien", "Cap-Verdienne")], "MU": [("Mauricien", "Mauricienne")],
 "JP": [("Nippon", "Nippone")],
}
ABBR = {"US": ["USA"], "GB": ["UK", "GB"], "CD": ["RDC", "RDCongo"], "AE": ["EAU"], "CF": ["RCA", "Centrafrique"], "CI": ["RCI"],
        "ZA": ["RSA"], "KP": ["RPDC"], "SA": ["KSA"]}
# Compound-adjective prefixes (franco-marocain, algéro-marocaines, sino-américain).
PREFIX = {"FR": ["franco"], "MA": ["maroco"], "DZ": ["algéro"], "TN": ["tuniso"], "CN": ["sino"], "RU": ["russo"], "US": ["américano", "americano"],
          "GB": ["anglo", "britannico"], "DE": ["germano"], "ES": ["hispano"], "IT": ["italo"], "BE": ["belgo"], "JP": ["nippo"], "IN": ["indo"],
          "IL": ["israélo"], "PS": ["palestino"], "IR": ["irano"], "TR": ["turco"], "SY": ["syro"], "LB": ["libano"], "EG": ["égypto"],
          "UA": ["ukraino"], "CH": ["helvético", "suisso"], "PT": ["luso"], "GR": ["gréco"], "PL": ["polono"], "SN": ["sénégalo"],
          "ML": ["malo"], "CI": ["ivoiro"], "MR": ["mauritano"], "AT": ["austro"], "CA": ["canado"], "CD": ["congolo"], "RW": ["rwando"],
          "LY": ["libyo"], "SA": ["saoudo"], "QA": ["qataro"], "AR": ["argentino"], "BR": ["brésilo"], "MX": ["mexicano"], "KR": ["coréano"],
          "PK": ["pakistano"], "AF": ["afghano"], "AM": ["arméno"], "AZ": ["azerbaïdjano"], "GE": ["géorgio"], "NE": ["nigéro"], "NG": ["nigériano"],
          "CM": ["camerouno"], "BF": ["burkinabo"], "TD": ["tchado"], "SD": ["soudano"], "ET": ["éthiopo"], "ER": ["érythréo"], "SO": ["somalo"]}
# Ambiguous forms: (form, kind, "DEFAULT|ALT"); documented in mod.rs.
AMBIG = [("Congo", "name", "CD|CG"), ("Congolais", "demonym", "CD|CG"), ("Congolaise", "demonym", "CD|CG"),
         ("Congolais", "demonym", "CD|CG"), ("Congolaises", "demonym", "CD|CG"),
         ("Géorgie", "name", "GE|US"), ("Corée", "name", "KR|KP"), ("Coréen", "demonym", "KR|KP"), ("Coréenne", "demonym", "KR|KP"),
         ("Coréens", "demonym", "KR|KP"), ("Coréennes", "demonym", "KR|KP")]
# Blockers: phrases that contain a country form but do not denote the country.
BLOCK = ["fleuve Niger", "delta du Niger", "boucle du Niger", "bassin du Niger", "fleuve Congo", "bassin du Congo", "golfe de Guinée",
         "Nouvelle-Guinée", "lac Tchad", "bassin du lac Tchad", "océan Indien", "Océan Indien", "Indiens d'Amérique", "Paris Saint-Germain", "Paris SG",
         "Paris-Saint-Germain", "Paris FC", "Real Madrid", "Atlético Madrid", "Atletico Madrid", "Atlético de Madrid", "Atletico de Madrid",
         "Inter Milan", "AC Milan", "Washington Post", "George Washington", "Denzel Washington", "Amérique latine", "Amérique du Sud",
         "Amérique du Nord", "Amérique centrale", "latino-américain", "latino-américaine", "latino-américains", "latino-américaines",
         "sud-américain", "sud-américaine", "sud-américains", "sud-américaines", "nord-américain", "nord-américaine", "nord-américains",
         "nord-américaines", "Amériques", "Jordan", "Michael Jordan", "Georgia", "Guinée-Conakry", 
         "Vienne (Isère)", "Paris-Dakar", "Mexico City", "Nouvelle-Angleterre", "New Mexico", "Rome antique", "Grèce antique",
         "Égypte ancienne", "Egypte ancienne", "Saint-Louis du Missouri", "arabe", "Afrique", "Europe", "Maghreb", "Sahel", "Union européenne",
         "pain perdu", "Casques bleus", "casques bleus", "Rio Tinto", "Commission européenne", "Lyon-Turin", "Parlement européen", "député européen",
         "députée européenne", "députés européens", "députées européennes"]
# "Guinée-Conakry" is GN in fact: handled below as alt before blockers are written.
ALT.setdefault("GN", []).append("Guinée-Conakry")
BLOCK.remove("Guinée-Conakry")
# US state / US-context Géorgie.
US_GEORGIA = ["État de Géorgie", "Etat de Géorgie", "État américain de Géorgie", "Etat américain de Géorgie", "Atlanta"]

# Event phrases that name one country and imply another party (kind "implied"): matched like names
# without consuming their tokens (the named country is still a mention), a learned feature of the
# implied country of their own. Only events whose other party is unambiguous; add new conflicts here.
IMPLIED = {"RU": ["guerre en Ukraine", "guerre d'Ukraine", "guerre contre l'Ukraine", "invasion de l'Ukraine",
                  "invasion en Ukraine", "offensive en Ukraine", "agression de l'Ukraine",
                  "agression contre l'Ukraine", "annexion de la Crimée"]}

def norm(s):
    s = s.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"\w+", s))

def clean_iso(name):
    if ", " in name:
        a, b = name.split(", ", 1)
        if b.lower().startswith(("île", "îles")):
            return f"{b} {a}"
        return a
    return name

def plural(w):
    return w if w.endswith(("s", "x", "z")) else w + "s"

rows = []  # (code, kind, form)
owner = {}  # normalised form -> (code, kind)
def add(code, kind, form, force=False):
    form = form.strip()
    if not form or "(" in form:
        return
    n = norm(form)
    if not n or (n in DROP_FORMS and not force):
        return
    if n in owner:
        oc, ok = owner[n]
        if oc == code:
            # same owner: keep the more permissive kind (demonyms match in any case)
            if kind == "demonym" and ok != "demonym":
                owner[n] = (code, kind)
                rows.append((code, kind, form))  # parser keeps the name row's display role
            return
        if force or (oc in TERRITORIES and code not in TERRITORIES):
            owner[n] = (code, kind)
            rows[:] = [(c, k, f) for c, k, f in rows if norm(f) != n]
        else:
            return
    owner[n] = (code, kind)
    rows.append((code, kind, form))

def main():
    with open(SRC, encoding="utf-8") as f:
        src = list(csv.DictReader(f, delimiter="\t"))
    src.append({"alpha2": "XK", "name_fr_iso": "Kosovo", "official_fr_iso": "République du Kosovo", "common_fr_mledoze": "Kosovo",
                "official_fr_mledoze": "République du Kosovo", "demonym_fr_m": "Kosovar", "demonym_fr_f": "Kosovare"})
    # Hand-written, forced entries first so that they own their forms.
    for form, kind, codes in AMBIG:
        add(codes, kind, form, force=True)
    # Display names of countries whose plain name is an ambiguous form (allowed by the parser).
    rows.append(("GE", "name", "Géorgie"))
    for form in US_GEORGIA:
        add("US", "metonym", form, force=True)
    for form in BLOCK:
        add("-", "block", form, force=True)
    for form in HOME_CUES:
        add("*", "domestic", form, force=True)
    sovereign_first = sorted(src, key=lambda r: r["alpha2"] in TERRITORIES)
    for r in sovereign_first:
        c = r["alpha2"]
        disp = DISPLAY.get(c) or r["common_fr_mledoze"] or clean_iso(r["name_fr_iso"])
        if norm(disp) in DROP_FORMS:
            rows.append((c, "display", disp))  # shown in reports, never matched
        add(c, "name", disp)
        for extra in ALT.get(c, []):
            add(c, "alt", extra)
        for col in ("name_fr_iso", "common_fr_mledoze", "official_fr_iso", "official_fr_mledoze"):
            if r.get(col):
                add(c, "alt", clean_iso(r[col]))
        pairs = DEMONYMS.get(c, []) + [(r.get("demonym_fr_m", ""), r.get("demonym_fr_f", ""))]
        for m, fem in pairs:
            if "," in m or " et " in m:
                continue
            for w in (m, fem):
                if w:
                    add(c, "demonym", w)
                    add(c, "demonym", plural(w))
        for cap in CAPITALS.get(c, []):
            add(c, "capital", cap)
        for m in METONYMS.get(c, []):
            add(c, "metonym", m)
        for m in CITIES.get(c, []):
            add(c, "city", m)
        for p in PERSONS.get(c, []):
            add(c, "person", p)
        for d in DOMESTIC.get(c, []):
            add(c, "domestic", d)
        for a in ABBR.get(c, []):
            add(c, "abbr", a)
        for p in PREFIX.get(c, []):
            add(c, "prefix", p)
    for c, forms in IMPLIED.items():
        for f in forms:
            add(c, "implied", f, force=True)
    print(HEADER, end="")
    # Display-name rows first per code (the first 'name' row of a code is its display name).
    for code, kind, form in rows:
        print(f"{code}\t{kind}\t{form}")

HEADER = """# veille — French country gazetteer (gazetteer-fr.tsv). See gazetteer-fr.NOTICE for sources and licences.
# Format: one surface form per line, three TAB-separated fields:  CODE<TAB>KIND<TAB>FORM
#   CODE  ISO 3166-1 alpha-2 (XK = Kosovo); "AA|BB" = ambiguous form, AA by default, BB when the article's
#         unambiguous mentions favour it; "-" = blocker (a phrase that contains a country form but is not one);
#         "*" = generic national institution (kind domestic only: Assemblée nationale, préfet, Ligue 1), evidence
#         for the outlet's home country when one is given, never a mention of any country.
#   KIND  name     the country's French name; the FIRST name row of a code is its display name (a name row
#                  repeating an ambiguous form, e.g. GE Géorgie, only sets the display name)
#         display  display name only, never matched (for names too ambiguous to match: Maurice, Dominique)
#         alt      other names and spellings (official names, variants without accents are matched anyway)
#         demonym  demonym/adjective, all inflections listed; matched in any case (lowercase adjectives)
#         capital  capital city, French spelling;  metonym  seat of power or press shorthand (l'Élysée, le Kremlin)
#         city     other well-known city or region (weak evidence);  person  head of state/government (weak evidence)
#         abbr     abbreviation, matched only when written in capitals (USA, RDC)
#         prefix   compound-adjective prefix, matched only when followed by a hyphen (franco-, algéro-)
#         block    blocker phrase (fleuve Niger, Paris Saint-Germain)
#         domestic party, institution, politician or region of one country's internal affairs (weak evidence,
#                  matched like names: Palais-Bourbon, LR, Pécresse)
#         implied  event phrase naming one country that implies another party (guerre en Ukraine → RU), matched
#                  like names, not consuming its tokens (the country inside is still matched); a learned feature
#                  of its own, never counted as a mention
#   FORM  the surface form. Matching ignores case for lookup, accents, and the difference between spaces, hyphens
#         and apostrophes (' or ’); names, capitals, metonyms, cities and persons must start with a capital letter
#         (after leading lowercase articles such as le/la/l'/d'/de/du) or be written in capitals (also domestic).
# Lines starting with # and blank lines are ignored. Each normalised form has exactly one owner.
"""
main()
